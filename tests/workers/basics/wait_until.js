// Answers at once; reports to the local server from ctx.waitUntil after a delay.
export default {
  async fetch(request, env, ctx) {
    const target = request.url.split("target=")[1];
    ctx.waitUntil(
      new Promise((r) => setTimeout(r, 50)).then(() => fetch(target + "/after", { method: "POST", body: "waited" })),
    );
    ctx.waitUntil(Promise.reject(new Error("ignored rejection")));
    return new Response("sent first");
  },
};
