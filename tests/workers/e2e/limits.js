// Misbehaves on request: /busy loops forever, /memory allocates without bound, /throw throws,
// /subrequests calls the BACKEND binding `n` times; anything else answers "alive".
const hoard = [];
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/busy": {
        let x = 0;
        for (;;) x++;
      }
      case "/memory":
        for (;;) hoard.push(new Array(100000).fill("x".repeat(16)));
      case "/throw":
        throw new Error("deliberate failure");
      case "/subrequests": {
        const n = Number(url.searchParams.get("n"));
        for (let i = 0; i < n; i++) await (await env.BACKEND.fetch("http://backend/")).text();
        return new Response(`made ${n}`);
      }
      default:
        return new Response("alive");
    }
  },
};
