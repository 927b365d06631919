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
  ...subtleProbes(),
  "navigator.userAgent": () => navigator.userAgent,
  "timers": async () => { const order = []; setTimeout(() => order.push("t"), 0); queueMicrotask(() => order.push("m")); await new Promise((r) => setTimeout(r, 5)); return order; },
  "urlpattern": () => new URLPattern({ pathname: "/books/:id" }).exec("https://e.com/books/42")?.pathname.groups,
  "json.roundtrip": () => JSON.parse(JSON.stringify({ a: [1, "two", null, true], b: { c: 1.5 } })),
};
for (const g of GLOBALS) probes[`global.${g}`] = () => typeof globalThis[g];

// crypto.subtle: outputs that are deterministic (digests, MACs, deterministic signatures, exported
// keys of fixed key material), the shape of generated keys, and the names of errors.
function subtleProbes() {
  const S = () => crypto.subtle;
  const enc = (s) => new TextEncoder().encode(s);
  const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
  const err = async (f) => { try { await f(); return "ok"; } catch (e) { return e.name; } };
  const shape = (k) => [k.type, k.extractable, k.usages, JSON.parse(JSON.stringify(k.algorithm, (_, v) => (v instanceof Uint8Array ? [...v] : v)))];
  const aes = (usages = ["encrypt"], extractable = false) => S().importKey("raw", new Uint8Array(16), "AES-GCM", extractable, usages);
  const E = new Uint8Array([1, 0, 1]);
  // RFC 7515 A.3's P-256 key and RFC 8037 A.1's Ed25519 key.
  const EC = { kty: "EC", crv: "P-256", x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", d: "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI" };
  const ED = { kty: "OKP", crv: "Ed25519", d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" };
  return {
    "subtle.digest": async () => Promise.all(["SHA-1", "sha-256", "SHA-384", "SHA-512", "MD5"].map(async (a) => hex(await S().digest(a, enc("abc"))))),
    "subtle.hmac": async () => { const k = await S().importKey("raw", enc("Jefe"), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]); return [shape(k), hex(await S().sign("HMAC", k, enc("what do ya want for nothing?"))), await S().exportKey("jwk", k)]; },
    "subtle.hmac-generated": async () => shape(await S().generateKey({ name: "HMAC", hash: "SHA-512" }, true, ["verify", "sign"])),
    "subtle.aes": async () => { const k = await aes(["unwrapKey", "encrypt"], true); return [shape(k), await S().exportKey("jwk", k), hex(await S().encrypt({ name: "AES-GCM", iv: new Uint8Array(12), additionalData: enc("a"), tagLength: 96 }, k, enc("hello")))]; },
    "subtle.aes-kw": async () => { const kek = await S().importKey("raw", new Uint8Array(16), "AES-KW", false, ["wrapKey"]); return hex(await S().wrapKey("raw", await aes(["encrypt"], true), kek, "AES-KW")); },
    "subtle.rsa-generated": async () => { const p = await S().generateKey({ name: "RSA-PSS", modulusLength: 1024, publicExponent: E, hash: "SHA-256" }, true, ["sign", "verify"]); const j = await S().exportKey("jwk", p.privateKey); return [Object.keys(p), shape(p.publicKey), shape(p.privateKey), Object.keys(j), j.alg]; },
    "subtle.ec": async () => { const k = await S().importKey("jwk", EC, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]); return [shape(k), await S().exportKey("jwk", k), hex(await S().exportKey("pkcs8", k))]; },
    "subtle.ec-generated": async () => { const p = await S().generateKey({ name: "ECDH", namedCurve: "P-384" }, true, ["deriveBits"]); return [shape(p.publicKey), shape(p.privateKey), Object.keys(await S().exportKey("jwk", p.privateKey))]; },
    "subtle.ed25519": async () => { const k = await S().importKey("jwk", ED, "Ed25519", true, ["sign"]); return [shape(k), await S().exportKey("jwk", k), hex(await S().exportKey("pkcs8", k)), hex(await S().sign("Ed25519", k, enc("abc")))]; },
    "subtle.node-ed25519": async () => { const k = await S().importKey("jwk", ED, { name: "NODE-ED25519", namedCurve: "NODE-ED25519" }, true, ["sign"]); return [shape(k), await S().exportKey("jwk", k)]; },
    "subtle.x25519-generated": async () => { const p = await S().generateKey("X25519", true, ["deriveBits"]); return [shape(p.publicKey), shape(p.privateKey), Object.keys(await S().exportKey("jwk", p.privateKey))]; },
    "subtle.kdf": async () => { const k = await S().importKey("raw", enc("password"), "PBKDF2", false, ["deriveBits"]); return [shape(k), hex(await S().deriveBits({ name: "PBKDF2", hash: "SHA-1", salt: enc("salt"), iterations: 2 }, k, 160))]; },
    "subtle.cryptokey": async () => { const k = await aes(); return [Object.keys(k), Object.prototype.toString.call(k), k.algorithm === k.algorithm, Object.getOwnPropertyNames(CryptoKey.prototype)]; },
    "subtle.timingSafeEqual": () => { const r = [crypto.subtle.timingSafeEqual(enc("ab"), enc("ab")), crypto.subtle.timingSafeEqual(enc("ab"), enc("ac"))]; try { crypto.subtle.timingSafeEqual(enc("a"), enc("ab")); } catch (e) { r.push(e.name); } return r; },
    "subtle.DigestStream": async () => { const s = new crypto.DigestStream("SHA-256"); const w = s.getWriter(); await w.write(enc("a")); await w.write("bc"); await w.close(); const d = await s.digest; return [d instanceof ArrayBuffer, hex(d), s instanceof WritableStream, typeof s.bytesWritten, Number(s.bytesWritten)]; },
    "subtle.errors": async () => Promise.all([
      err(() => S().digest("SHA-3", enc(""))),
      err(() => S().digest("SHA-256", "abc")),
      err(() => aes([])),
      err(() => aes(["sign"])),
      err(() => aes(["bogus"])),
      err(() => S().importKey("pem", new Uint8Array(16), "AES-GCM", true, ["encrypt"])),
      err(() => S().importKey("raw", new Uint8Array(10), "AES-GCM", false, ["encrypt"])),
      err(() => S().importKey("jwk", { kty: "oct", k: "!!" }, "AES-GCM", true, ["encrypt"])),
      err(() => S().importKey("spki", new Uint8Array([48, 3, 2, 1, 0]), { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"])),
      err(() => S().importKey("raw", new Uint8Array(16), "HMAC", true, ["sign"])),
      err(async () => S().exportKey("raw", await aes())),
      err(async () => S().decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, await aes(), new Uint8Array(32))),
      err(async () => S().encrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, await aes(), new Uint8Array(32))),
      err(async () => { const k = await aes(["encrypt", "decrypt"]); const c = new Uint8Array(await S().encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, enc("x"))); c[0] ^= 1; return S().decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, c); }),
      err(() => S().encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, {}, new Uint8Array(1))),
      err(() => S().generateKey({ name: "FOO" }, true, ["sign"])),
      err(() => S().generateKey({ name: "ECDSA", namedCurve: "P-192" }, true, ["sign"])),
      err(() => S().generateKey({ name: "RSA-OAEP", modulusLength: 1000, publicExponent: E, hash: "SHA-1" }, true, ["decrypt"])),
      err(() => S().importKey("raw", enc("ikm"), "HKDF", true, ["deriveBits"])),
    ]),
    "subtle.pbkdf2-cap": async () => err(async () => S().deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: enc("s"), iterations: 100001 }, await S().importKey("raw", enc("pw"), "PBKDF2", false, ["deriveBits"]), 256)),
  };
}


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
