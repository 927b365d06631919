// Headers / Request / Response semantics. Answers "ok" or the list of failed checks.
const failures = [];
function check(name, cond) { if (!cond) failures.push(name); }
async function throws(name, fn, type = TypeError) {
  try { await fn(); failures.push(`${name}: did not throw`); } catch (e) { check(`${name}: ${e}`, e instanceof type); }
}

export default {
  async fetch(request) {
    // Headers
    const h = new Headers({ "Content-Type": "text/plain", "X-B": "1" });
    h.append("x-b", "2");
    h.append("Set-Cookie", "a=1");
    h.append("Set-Cookie", "b=2");
    check("case-insensitive get", h.get("CONTENT-TYPE") === "text/plain");
    check("combined get", h.get("x-b") === "1, 2");
    check("has", h.has("X-b") && !h.has("nope"));
    check("getSetCookie", JSON.stringify(h.getSetCookie()) === '["a=1","b=2"]');
    check("sorted iteration", JSON.stringify([...h]) === '[["content-type","text/plain"],["set-cookie","a=1"],["set-cookie","b=2"],["x-b","1, 2"]]');
    h.set("x-b", "3");
    check("set replaces", h.get("x-b") === "3");
    h.delete("x-B");
    check("delete", h.get("x-b") === null);
    check("from pairs", new Headers([["a", "1"], ["a", "2"]]).get("a") === "1, 2");
    check("trim value", new Headers({ a: "  v  " }).get("a") === "v");
    await throws("bad name", () => new Headers({ "bad name": "x" }));
    await throws("bad value", () => new Headers({ a: "x\ny" }));
    let seen = [];
    h.forEach((v, k) => seen.push(k));
    check("forEach", seen.join() === "content-type,set-cookie,set-cookie");
    check("keys", [...h.keys()].length === 3 && [...h.values()][0] === "text/plain");
    await throws("incoming headers immutable", () => request.headers.set("x", "y"));
    check("incoming header", request.headers.get("x-test") === "yes");

    // Request
    check("incoming method/url", request.method === "POST" && request.url === "http://sem.test/a?b=c");
    check("incoming cf", typeof request.cf === "object" && request.cf !== null);
    check("redirect default", request.redirect === "follow");
    check("signal", request.signal instanceof AbortSignal && request.signal.aborted === false);
    check("URLSearchParams body", (await new Request("https://e.com/", { method: "POST", body: new URLSearchParams({ a: "1 2" }) }).text()) === "a=1+2");
    const r = new Request("https://example.com/x", { method: "put", headers: { "X-A": "1" }, body: "payload" });
    check("method normalised", r.method === "PUT");
    check("content-type defaulted", r.headers.get("content-type") === "text/plain;charset=UTF-8");
    check("body stream", r.body !== null && typeof r.body.getReader === "function");
    const r2 = r.clone();
    check("clone text", (await r2.text()) === "payload");
    check("original still readable", (await r.text()) === "payload");
    check("bodyUsed", r.bodyUsed === true && r2.bodyUsed === true);
    await throws("double read", () => r.text());
    await throws("GET with body", () => new Request("https://e.com/", { body: "x" }));
    await throws("relative url", () => new Request("/relative"));
    const r3 = new Request(new Request("https://e.com/y", { method: "POST", body: "z" }), { headers: { a: "b" } });
    check("request from request", r3.method === "POST" && r3.headers.get("a") === "b" && (await r3.text()) === "z");
    check("json body", (await new Request("https://e.com/", { method: "POST", body: '{"a":1}' }).json()).a === 1);
    const ab = await new Request("https://e.com/", { method: "POST", body: new Uint8Array([1, 2, 3]) }).arrayBuffer();
    check("arrayBuffer", ab instanceof ArrayBuffer && ab.byteLength === 3);
    const by = await new Request("https://e.com/", { method: "POST", body: "héllo" }).bytes();
    check("bytes utf8", by instanceof Uint8Array && by.length === 6);

    // Response
    const res = new Response("body", { status: 404, statusText: "Nope", headers: { "X-Y": "z" } });
    check("status", res.status === 404 && !res.ok && res.statusText === "Nope" && res.headers.get("x-y") === "z");
    check("defaults", new Response().status === 200 && new Response().ok && new Response().body === null);
    const j = Response.json({ a: [1] }, { status: 201 });
    check("Response.json", j.status === 201 && j.headers.get("content-type") === "application/json" && (await j.json()).a[0] === 1);
    const red = Response.redirect("https://e.com/next", 301);
    check("Response.redirect", red.status === 301 && red.headers.get("location") === "https://e.com/next");
    await throws("redirect status", () => Response.redirect("https://e.com/", 200), RangeError);
    check("Response.error", Response.error().type === "error" && Response.error().status === 0);
    await throws("status range", () => new Response("", { status: 99 }), RangeError);
    await throws("null body status", () => new Response("x", { status: 204 }));
    const c1 = new Response("cloned");
    const c2 = c1.clone();
    check("response clone", (await c1.text()) === "cloned" && (await c2.text()) === "cloned");
    check("redirected", c1.redirected === false && c1.url === "");
    const streamed = new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("ab")); c.enqueue(new TextEncoder().encode("cd")); c.close(); } }));
    check("stream body text", (await streamed.text()) === "abcd");
    const sc = new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.close(); } }));
    const sc2 = sc.clone();
    check("stream clone", (await sc.text()) === "hi" && (await sc2.text()) === "hi");
    check("toStringTag", Object.prototype.toString.call(res) === "[object Response]");

    return new Response(failures.length ? failures.join("\n") : "ok");
  },
};
