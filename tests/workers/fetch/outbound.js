// Outbound fetch to the URL in the `target` query parameter.
export default {
  async fetch(request, env) {
    const target = request.url.split("target=")[1];
    const path = request.url.split("?")[0].split("/").pop();
    try {
      if (path === "post") {
        const r = await fetch(target + "/echo", { method: "POST", body: "ping", headers: { "x-test": "t1" } });
        return new Response(`${r.status} ${r.headers.get("x-echo")} ${await r.text()}`);
      }
      if (path === "redirect") {
        const r = await fetch(target + "/redirect");
        return new Response(`${r.status} ${r.redirected} ${r.url.endsWith("/final")} ${await r.text()}`);
      }
      if (path === "manual") {
        const r = await fetch(target + "/redirect", { redirect: "manual" });
        return new Response(`${r.status} ${r.headers.get("location")}`);
      }
      if (path === "proxy") {
        // Pass the fetched body through untouched.
        return fetch(new Request(target + "/proxied", request));
      }
      if (path === "many") {
        const out = [];
        for (let i = 0; i < 3; i++) {
          try { await fetch(target + "/n" + i); out.push("ok"); } catch (e) { out.push(e.message.split(".")[0]); }
        }
        return new Response(out.join(","));
      }
      if (path === "upload") {
        // A ReadableStream request body, streamed out while it is produced.
        let i = 0;
        const body = new ReadableStream({
          async pull(c) {
            if (i === 3) return c.close();
            await new Promise((r) => setTimeout(r, 1));
            c.enqueue(new TextEncoder().encode(`chunk${i++};`));
          },
        });
        const r = await fetch(target + "/upload", { method: "POST", body });
        return new Response(await r.text());
      }
      const r = await fetch(target + "/plain");
      return new Response(await r.text());
    } catch (e) {
      return new Response(`${e.name}: ${e.message}`, { status: 502 });
    }
  },
};
