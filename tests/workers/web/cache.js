// The Cache API: caches.default / caches.open, put/match/delete semantics, Cache-Control,
// conditional and range matches, and errors. Run by tests/web_cache.rs.
import { checks, assert, assertEquals, assertRejects, assertThrows } from "./_checks.js";

const u = (path) => `https://cache-test.example/${path}`;

export default checks({
  async "globals and shapes"() {
    assert(caches instanceof CacheStorage);
    assert(caches.default instanceof Cache);
    assert(caches.default === caches.default, "default is one Cache");
    assertThrows(() => new Cache(), TypeError);
    assertThrows(() => new CacheStorage(), TypeError);
    const named = await caches.open("mine");
    assert(named instanceof Cache);
    await assertRejects(() => caches.open(), TypeError);
  },
  async "put then match returns the response with cf-cache-status HIT"() {
    const c = caches.default;
    await c.put(u("a"), new Response("hello", { headers: { "content-type": "text/x-test", "cache-control": "max-age=60", "x-extra": "1" } }));
    const hit = await c.match(u("a"));
    assert(hit instanceof Response, "a Response");
    assertEquals(hit.status, 200);
    assertEquals(await hit.text(), "hello");
    assertEquals(hit.headers.get("content-type"), "text/x-test");
    assertEquals(hit.headers.get("x-extra"), "1");
    assertEquals(hit.headers.get("cf-cache-status"), "HIT");
    // A Request key and a URL key are the same entry; the fragment is not part of the key.
    assertEquals(await (await c.match(new Request(u("a")))).text(), "hello");
    assertEquals(await (await c.match(u("a#frag"))).text(), "hello");
    assertEquals(await c.match(u("a?other")), undefined);
  },
  async "binary bodies round-trip"() {
    const bytes = new Uint8Array(70000).map((_, i) => (i * 7) & 0xff);
    await caches.default.put(u("bin"), new Response(bytes, { headers: { "cache-control": "max-age=60" } }));
    const got = new Uint8Array(await (await caches.default.match(u("bin"))).arrayBuffer());
    assertEquals(got, bytes);
  },
  async "streamed bodies are stored"() {
    const body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("part1-"));
        c.enqueue(new TextEncoder().encode("part2"));
        c.close();
      },
    });
    await caches.default.put(u("stream"), new Response(body, { headers: { "cache-control": "max-age=60" } }));
    assertEquals(await (await caches.default.match(u("stream"))).text(), "part1-part2");
  },
  async "named caches are separate from each other and from default"() {
    const one = await caches.open("one");
    const two = await caches.open("two");
    await one.put(u("n"), new Response("from one", { headers: { "cache-control": "max-age=60" } }));
    assertEquals(await two.match(u("n")), undefined);
    assertEquals(await caches.default.match(u("n")), undefined);
    assertEquals(await (await (await caches.open("one")).match(u("n"))).text(), "from one");
  },
  async "delete"() {
    const c = caches.default;
    await c.put(u("d"), new Response("x", { headers: { "cache-control": "max-age=60" } }));
    assertEquals(await c.delete(u("d")), true);
    assertEquals(await c.delete(u("d")), false);
    assertEquals(await c.match(u("d")), undefined);
  },
  async "uncacheable responses are not stored and replace an earlier entry"() {
    const c = caches.default;
    await c.put(u("ns"), new Response("old", { headers: { "cache-control": "max-age=60" } }));
    for (const headers of [{ "cache-control": "no-store" }, { "cache-control": "private" }, { "cache-control": "max-age=60", "set-cookie": "a=b" }, { "cache-control": "max-age=0" }]) {
      await c.put(u("ns"), new Response("new", { headers }));
      assertEquals(await c.match(u("ns")), undefined, JSON.stringify(headers));
    }
    // A 500 has no default lifetime, but an explicit one is honoured.
    await c.put(u("e500"), new Response("err", { status: 500 }));
    assertEquals(await c.match(u("e500")), undefined);
    await c.put(u("e500"), new Response("err", { status: 500, headers: { "cache-control": "s-maxage=30" } }));
    assertEquals((await c.match(u("e500"))).status, 500);
    // Without caching headers a 200 gets the default edge lifetime.
    await c.put(u("plain"), new Response("plain"));
    assertEquals(await (await c.match(u("plain"))).text(), "plain");
  },
  async "expired entries miss"() {
    const past = new Date(Date.now() - 60000).toUTCString();
    await caches.default.put(u("exp"), new Response("x", { headers: { expires: past } }));
    assertEquals(await caches.default.match(u("exp")), undefined);
    const soon = new Response("soon", { headers: { "cache-control": "max-age=1" } });
    await caches.default.put(u("soon"), soon);
    assertEquals(await (await caches.default.match(u("soon"))).text(), "soon");
    await scheduler_wait(1100);
    assertEquals(await caches.default.match(u("soon")), undefined);
  },
  async "method rules"() {
    const c = caches.default;
    await c.put(u("m"), new Response("m", { headers: { "cache-control": "max-age=60" } }));
    const post = new Request(u("m"), { method: "POST", body: "x" });
    await assertRejects(() => c.put(post, new Response("y")), TypeError);
    assertEquals(await c.match(post), undefined);
    assertEquals(await (await c.match(post, { ignoreMethod: true })).text(), "m");
    assertEquals(await c.delete(new Request(u("m"), { method: "HEAD" })), false);
    assertEquals(await c.delete(new Request(u("m"), { method: "HEAD" }), { ignoreMethod: true }), true);
  },
  async "put errors"() {
    const c = caches.default;
    await assertRejects(() => c.put(u("e"), new Response("x", { status: 206 })), TypeError);
    await assertRejects(() => c.put(u("e"), new Response("x", { headers: { vary: "accept, *" } })), TypeError);
    await assertRejects(() => c.put(u("e"), "not a response"), TypeError);
    await assertRejects(() => c.put("not a url", new Response("x")), TypeError);
    await assertRejects(() => c.put("ftp://x.example/", new Response("x")), TypeError);
    const used = new Response("x");
    await used.text();
    await assertRejects(() => c.put(u("e"), used), TypeError);
    await assertRejects(() => c.match("::bad"), TypeError);
  },
  async "conditional requests get 304"() {
    const c = caches.default;
    await c.put(u("etag"), new Response("tagged", { headers: { etag: '"v1"', "cache-control": "max-age=60", "last-modified": "Wed, 01 Jan 2025 00:00:00 GMT" } }));
    const nm = await c.match(new Request(u("etag"), { headers: { "if-none-match": 'W/"v1"' } }));
    assertEquals(nm.status, 304);
    assertEquals(nm.headers.get("etag"), '"v1"');
    assertEquals((await c.match(new Request(u("etag"), { headers: { "if-none-match": '"v2"' } }))).status, 200);
    assertEquals((await c.match(new Request(u("etag"), { headers: { "if-modified-since": "Thu, 02 Jan 2025 00:00:00 GMT" } }))).status, 304);
    assertEquals((await c.match(new Request(u("etag"), { headers: { "if-modified-since": "Tue, 31 Dec 2024 00:00:00 GMT" } }))).status, 200);
  },
  async "range requests get 206 or 416"() {
    const c = caches.default;
    await c.put(u("range"), new Response("0123456789", { headers: { "cache-control": "max-age=60" } }));
    const get = (range) => c.match(new Request(u("range"), { headers: { range } }));
    let r = await get("bytes=2-5");
    assertEquals(r.status, 206);
    assertEquals(r.headers.get("content-range"), "bytes 2-5/10");
    assertEquals(await r.text(), "2345");
    assertEquals(await (await get("bytes=7-")).text(), "789");
    assertEquals(await (await get("bytes=-3")).text(), "789");
    r = await get("bytes=20-30");
    assertEquals(r.status, 416);
    assertEquals(r.headers.get("content-range"), "bytes */10");
    // A multi-range or malformed header is ignored: the whole entity.
    assertEquals((await get("bytes=0-1,3-4")).status, 200);
  },
  async "the usual fetch-handler pattern: miss, store with waitUntil, hit"({ ctx }) {
    const key = new Request(u(`pattern-${crypto.randomUUID()}`));
    let response = await caches.default.match(key);
    assertEquals(response, undefined);
    response = new Response("generated", { headers: { "cache-control": "s-maxage=10" } });
    const stored = caches.default.put(key, response.clone());
    ctx.waitUntil(stored);
    await stored;
    assertEquals(await response.text(), "generated");
    assertEquals(await (await caches.default.match(key)).text(), "generated");
  },
});

function scheduler_wait(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
