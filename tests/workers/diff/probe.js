// Semantics probe: evaluates many small Web-API expressions and answers them as JSON. The same
// script runs on Hearth and on workerd (npm `workerd`), and tests/workerd_diff.rs compares the
// answers key by key. Each probe is small, deterministic and JSON-serialisable.

const GLOBALS = [
  "fetch", "Request", "Response", "Headers", "URL", "URLSearchParams", "URLPattern", "ReadableStream",
  "WritableStream", "TransformStream", "TextEncoder", "TextDecoder", "TextEncoderStream", "TextDecoderStream",
  "CompressionStream", "crypto", "structuredClone", "setTimeout", "setInterval", "queueMicrotask",
  "AbortController", "AbortSignal", "Event", "EventTarget", "CustomEvent", "DOMException", "Blob", "File",
  "FormData", "navigator", "performance", "caches", "HTMLRewriter", "WebSocketPair", "scheduler",
  "atob", "btoa", "reportError", "self", "process", "require", "Buffer", "module", "exports",
];

const probes = {
  "headers.iteration": () => [...new Headers({ b: "2", a: "1", "Set-Cookie": "x=1", "X-Up": "U" })],
  "headers.combine": () => { const h = new Headers(); h.append("a", "1"); h.append("A", "2"); return h.get("a"); },
  "headers.getSetCookie": () => { const h = new Headers(); h.append("set-cookie", "a=1"); h.append("set-cookie", "b=2"); return h.getSetCookie(); },
  "headers.invalid-name": () => { try { new Headers({ "a b": "1" }); return "ok"; } catch (e) { return e.name; } },
  "headers.trim": () => new Headers({ a: " \t v \t " }).get("a"),
  "response.null": () => { const r = new Response(null); return [r.status, r.statusText, r.ok, r.headers.get("content-type"), r.bodyUsed, r.body === null, r.redirected, r.type]; },
  "response.string-ct": () => new Response("x").headers.get("content-type"),
  "response.bytes-ct": () => new Response(new Uint8Array([1])).headers.get("content-type"),
  "response.json": async () => { const r = Response.json({ a: 1 }, { status: 201 }); return [r.status, r.headers.get("content-type"), await r.text()]; },
  "response.redirect": () => { const r = Response.redirect("https://e.com/x", 301); return [r.status, r.headers.get("location")]; },
  "response.bad-status": () => { try { new Response("", { status: 99 }); return "ok"; } catch (e) { return e.name; } },
  "response.clone": async () => { const r = new Response("abc"); const c = r.clone(); return [await r.text(), await c.text()]; },
  "response.double-read": async () => { const r = new Response("abc"); await r.text(); try { await r.text(); return "ok"; } catch (e) { return e.name; } },
  "response.arrayBuffer": async () => [...new Uint8Array(await new Response("hé").arrayBuffer())],
  "request.defaults": () => { const r = new Request("https://e.com/a?b#c"); return [r.method, r.url, r.redirect, r.bodyUsed, r.body === null]; },
  "request.method-normalised": () => new Request("https://e.com/", { method: "post" }).method,
  "request.get-with-body": () => { try { new Request("https://e.com/", { body: "x" }); return "ok"; } catch (e) { return e.name; } },
  "request.incoming": (req) => [req.method, new URL(req.url).pathname, new URL(req.url).search, req.headers.get("x-probe")],
  "request.incoming-body": async (req) => req.method === "POST" ? await req.text() : null,
  "url.parts": () => { const u = new URL("https://user:pw@ex.com:8080/p/a/t/h?query=string#hash"); return [u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash, u.origin]; },
  "url.relative": () => new URL("../x?y", "https://e.com/a/b/c").href,
  "url.idna": () => new URL("https://bücher.example/").host,
  "url.invalid": () => { try { new URL("no scheme"); return "ok"; } catch (e) { return e.name; } },
  "url.canParse": () => [URL.canParse("https://e.com"), URL.canParse("nope")],
  "url.searchParams-append": () => { const u = new URL("https://e.com/?a=1&b=two words"); u.searchParams.append("c", "3 4"); return u.href; },
  "urlsearchparams": () => { const p = new URLSearchParams("b=2&a=1&a=3"); p.sort(); return [p.toString(), p.getAll("a"), p.size]; },
  "textencoder": () => [...new TextEncoder().encode("héllo€")],
  "textdecoder.stream": () => { const d = new TextDecoder(); return d.decode(new Uint8Array([0xe2, 0x82]), { stream: true }) + d.decode(new Uint8Array([0xac])); },
  "textdecoder.fatal": () => { try { new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff])); return "ok"; } catch (e) { return e.name; } },
  "textdecoder.latin1": () => new TextDecoder("latin1").decode(new Uint8Array([0xe9])),
  "btoa": () => btoa("hello"),
  "atob.invalid": () => { try { atob("*"); return "ok"; } catch (e) { return e.name; } },
  "btoa.non-latin1": () => { try { btoa("€"); return "ok"; } catch (e) { return e.name; } },
  "structuredClone.map": () => [...structuredClone(new Map([[1, { a: [1, 2] }]]))],
  "structuredClone.function": () => { try { structuredClone(() => 1); return "ok"; } catch (e) { return e.name; } },
  "abort": () => { const c = new AbortController(); c.abort(); return [c.signal.aborted, c.signal.reason.name]; },
  "abort.reason": () => { const c = new AbortController(); c.abort("why"); return c.signal.reason; },
  "eventtarget": () => { const t = new EventTarget(); const got = []; t.addEventListener("x", (e) => got.push(e.type), { once: true }); t.dispatchEvent(new Event("x")); t.dispatchEvent(new Event("x")); return got; },
  "domexception": () => { const e = new DOMException("m", "NotFoundError"); return [e.name, e.message, e.code, e instanceof Error]; },
  "streams.read": async () => { const s = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } }); const out = []; for await (const x of s) out.push(x); return out; },
  "streams.tee": async () => { const [a, b] = new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }).tee(); return [(await a.getReader().read()).value, (await b.getReader().read()).value]; },
  "streams.locked": () => { const s = new ReadableStream(); s.getReader(); try { s.getReader(); return "ok"; } catch (e) { return e.name; } },
  "streams.transform": async () => { const t = new TransformStream({ transform(c, ctl) { ctl.enqueue(c.toUpperCase()); } }); const w = t.writable.getWriter(); w.write("abc"); w.close(); return (await t.readable.getReader().read()).value; },
  "blob": async () => { const b = new Blob(["ab", new Uint8Array([99])], { type: "Text/Plain" }); return [b.size, b.type, await b.text(), await b.slice(1).text()]; },
  "crypto.randomUUID": () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()),
  "crypto.getRandomValues-float": () => { try { crypto.getRandomValues(new Float32Array(1)); return "ok"; } catch (e) { return e.name; } },
  "crypto.getRandomValues-quota": () => { try { crypto.getRandomValues(new Uint8Array(65537)); return "ok"; } catch (e) { return e.name; } },
  "navigator.userAgent": () => navigator.userAgent,
  "timers": async () => { const order = []; setTimeout(() => order.push("t"), 0); queueMicrotask(() => order.push("m")); await new Promise((r) => setTimeout(r, 5)); return order; },
  "urlpattern": () => new URLPattern({ pathname: "/books/:id" }).exec("https://e.com/books/42")?.pathname.groups,
  "json.roundtrip": () => JSON.parse(JSON.stringify({ a: [1, "two", null, true], b: { c: 1.5 } })),
};
for (const g of GLOBALS) probes[`global.${g}`] = () => typeof globalThis[g];

export default {
  async fetch(request) {
    const out = {};
    for (const [name, probe] of Object.entries(probes)) {
      try {
        out[name] = await probe(request);
      } catch (e) {
        out[name] = `threw ${e && e.name}: ${e && e.message}`;
      }
    }
    return Response.json(out);
  },
};
