// GET /put?k=<key>&v=<value> stores v under https://shared.example/<key> in caches.default;
// GET /get?k=<key> answers the cached value or MISS. Used by tests/web_cache.rs to show which
// Workers share a cache partition.
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const key = `https://shared.example/${url.searchParams.get("k")}`;
    if (url.pathname.endsWith("/put")) {
      await caches.default.put(key, new Response(url.searchParams.get("v"), { headers: { "cache-control": "max-age=300" } }));
      return new Response("stored");
    }
    const hit = await caches.default.match(key);
    return new Response(hit ? await hit.text() : "MISS");
  },
};
