// Many requests interleaving in one isolate: timers, a service call and shared state.
let served = 0;
export default {
  async fetch(request, env) {
    const id = new URL(request.url).searchParams.get("id");
    await new Promise((r) => setTimeout(r, Number(id) % 7));
    const echo = await env.ECHO.fetch(`http://echo/${id}`);
    await null;
    served++;
    return new Response(`${id}:${await echo.text()}`);
  },
};
