// A user Worker that fetches the host named in its path: /<anything>/<host>.
export default {
  async fetch(request) {
    const host = new URL(request.url).pathname.split("/").pop();
    const r = await fetch(`http://${host}/data`);
    return new Response(await r.text(), { status: r.status });
  },
};
