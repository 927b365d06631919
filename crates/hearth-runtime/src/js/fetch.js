// Headers, Request, Response and fetch. Bodies are kept in their cheapest form (string, bytes, a
// Rust body handle or a ReadableStream) and only turned into a ReadableStream when `.body` is read,
// so Rust can take a Worker's response body without a JS round trip.
(function (native, internal) {
  "use strict";
  const TOKEN = Symbol("internal");

  // ---------------------------------------------------------------- Headers
  const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  // Validated names are cached (most Workers use a handful of header names).
  const NAMES = new Map();
  function normName(name) {
    const hit = NAMES.get(name);
    if (hit !== undefined) return hit;
    const raw = String(name);
    if (!TOKEN_RE.test(raw)) throw new TypeError(`Invalid header name: '${raw}'`);
    const lower = raw.toLowerCase();
    if (NAMES.size < 1024 && typeof name === "string") NAMES.set(name, lower);
    return lower;
  }
  function isWs(c) { return c === 32 || c === 9 || c === 10 || c === 13; }
  function normValue(value) {
    value = String(value);
    const n = value.length;
    if (n > 0 && (isWs(value.charCodeAt(0)) || isWs(value.charCodeAt(n - 1)))) {
      value = value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
    }
    if (value.indexOf("\n") >= 0 || value.indexOf("\r") >= 0 || value.indexOf("\0") >= 0) {
      throw new TypeError(`Invalid header value: '${value}'`);
    }
    return value;
  }
  let headersFlat, headersFromFlat;
  class Headers {
    #l = []; // flat [name, value, ...], names lower-case, insertion order
    #immutable = false;
    constructor(init) {
      if (init === undefined || init === null) return;
      if (init instanceof Headers) { this.#l = init.#l.slice(); return; }
      if (typeof init !== "object" && typeof init !== "function") {
        throw new TypeError("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
      }
      if (typeof init[Symbol.iterator] === "function") {
        for (const pair of init) {
          const p = typeof pair === "string" ? [pair] : Array.from(pair);
          if (p.length !== 2) throw new TypeError("Failed to construct 'Headers': Invalid value");
          this.append(p[0], p[1]);
        }
      } else {
        for (const k of Object.keys(init)) this.append(k, init[k]);
      }
    }
    #check() { if (this.#immutable) throw new TypeError("Can't modify immutable headers."); }
    append(name, value) {
      this.#check();
      this.#l.push(normName(name), normValue(value));
    }
    set(name, value) {
      this.#check();
      const n = normName(name), v = normValue(value), l = this.#l;
      let found = false;
      for (let i = 0; i < l.length; i += 2) {
        if (l[i] === n) {
          if (!found) { l[i + 1] = v; found = true; } else { l.splice(i, 2); i -= 2; }
        }
      }
      if (!found) l.push(n, v);
    }
    delete(name) {
      this.#check();
      const n = normName(name), l = this.#l;
      for (let i = 0; i < l.length; i += 2) if (l[i] === n) { l.splice(i, 2); i -= 2; }
    }
    get(name) {
      const n = normName(name), l = this.#l;
      let out = null;
      for (let i = 0; i < l.length; i += 2) {
        if (l[i] === n) out = out === null ? l[i + 1] : out + ", " + l[i + 1];
      }
      return out;
    }
    has(name) {
      const n = normName(name), l = this.#l;
      for (let i = 0; i < l.length; i += 2) if (l[i] === n) return true;
      return false;
    }
    getSetCookie() {
      const l = this.#l, out = [];
      for (let i = 0; i < l.length; i += 2) if (l[i] === "set-cookie") out.push(l[i + 1]);
      return out;
    }
    getAll(name) {
      const n = normName(name);
      if (n !== "set-cookie") throw new TypeError("getAll() can only be used with the header name \"Set-Cookie\".");
      return this.getSetCookie();
    }
    #sorted() {
      const names = [];
      const l = this.#l;
      for (let i = 0; i < l.length; i += 2) if (!names.includes(l[i])) names.push(l[i]);
      names.sort();
      const out = [];
      for (const n of names) {
        if (n === "set-cookie") for (const v of this.getSetCookie()) out.push([n, v]);
        else out.push([n, this.get(n)]);
      }
      return out;
    }
    *entries() { yield* this.#sorted(); }
    *keys() { for (const [k] of this.#sorted()) yield k; }
    *values() { for (const [, v] of this.#sorted()) yield v; }
    forEach(cb, thisArg) { for (const [k, v] of this.#sorted()) cb.call(thisArg, v, k, this); }
    [Symbol.iterator]() { return this.entries(); }
    get [Symbol.toStringTag]() { return "Headers"; }
    static {
      headersFlat = (h) => h.#l;
      headersFromFlat = (flat, immutable) => {
        const h = new Headers();
        h.#l = flat;
        h.#immutable = !!immutable;
        return h;
      };
    }
  }

  // ---------------------------------------------------------------- bodies
  class NativeSrc { constructor(h) { this.h = h; } }
  class BodyState {
    constructor(src) { this.src = src; this.stream = null; this.used = false; }
  }
  function isBufferSource(x) { return x instanceof ArrayBuffer || ArrayBuffer.isView(x); }
  function copyBytes(x) {
    if (x instanceof ArrayBuffer) return new Uint8Array(x.slice(0));
    return new Uint8Array(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength));
  }
  // Returns [BodyState|null, default content type|null].
  function extractBody(body) {
    if (body === undefined || body === null) return [null, null];
    if (typeof body === "string") return [new BodyState(body), "text/plain;charset=UTF-8"];
    if (isBufferSource(body)) return [new BodyState(copyBytes(body)), null];
    if (typeof ReadableStream === "function" && body instanceof ReadableStream) {
      if (body.locked) throw new TypeError("This ReadableStream is disturbed (has already been read from), and cannot be used as a body.");
      const bs = new BodyState(body);
      bs.stream = body;
      return [bs, null];
    }
    if (typeof URLSearchParams === "function" && body instanceof URLSearchParams) {
      return [new BodyState(body.toString()), "application/x-www-form-urlencoded;charset=UTF-8"];
    }
    if (typeof FormData === "function" && body instanceof FormData) {
      const boundary = newBoundary();
      const bs = new BodyState(formDataStream(body, boundary));
      bs.stream = bs.src;
      return [bs, `multipart/form-data; boundary=${boundary}`];
    }
    if (typeof Blob === "function" && body instanceof Blob && typeof body.stream === "function") {
      const bs = new BodyState(body.stream());
      bs.stream = bs.src;
      return [bs, body.type || null];
    }
    return [new BodyState(String(body)), "text/plain;charset=UTF-8"];
  }
  function chunkBytes(v) {
    if (v instanceof Uint8Array) return v;
    if (isBufferSource(v)) return v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    if (typeof v === "string") return native.utf8Encode(v);
    throw new TypeError("This TransformStream is being used as a byte stream, but received an object of non-ArrayBuffer/ArrayBufferView type on its writable side.");
  }
  function streamFrom(src) {
    if (src instanceof NativeSrc) {
      const h = src.h;
      return new ReadableStream({
        async pull(c) {
          const chunk = await native.readChunk(h);
          if (chunk === undefined) c.close(); else c.enqueue(chunk);
        },
        cancel() { native.cancelBody(h); },
      });
    }
    let bytes = typeof src === "string" ? native.utf8Encode(src) : src;
    return new ReadableStream({
      pull(c) {
        if (bytes !== null && bytes.byteLength) c.enqueue(bytes);
        bytes = null;
        c.close();
      },
    });
  }
  function bodyStream(bs) {
    if (bs === null) return null;
    if (bs.stream === null) {
      bs.stream = streamFrom(bs.src);
      bs.src = bs.stream;
    }
    return bs.stream;
  }
  function isUsed(bs) {
    return bs !== null && (bs.used || (bs.stream !== null && bs.stream.locked));
  }
  const USED = "Body has already been used. It can only be used once. Use tee() first if you need to read it twice.";
  async function readStreamAll(stream) {
    const reader = stream.getReader();
    const parts = [];
    let total = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const b = chunkBytes(value);
      parts.push(b);
      total += b.byteLength;
    }
    reader.releaseLock();
    if (parts.length === 1) return parts[0];
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.byteLength; }
    return out;
  }
  function takeBody(bs) {
    if (isUsed(bs)) throw new TypeError(USED);
    bs.used = true;
  }
  async function consumeBytes(bs) {
    if (bs === null) return new Uint8Array(0);
    takeBody(bs);
    const src = bs.src;
    if (typeof src === "string") return native.utf8Encode(src);
    if (src instanceof Uint8Array) return src;
    if (src instanceof NativeSrc) return await native.readAll(src.h);
    return await readStreamAll(src);
  }
  async function consumeText(bs) {
    if (bs !== null && typeof bs.src === "string") { takeBody(bs); return bs.src; }
    return native.utf8Decode(await consumeBytes(bs));
  }
  // The body in the form Rust takes it: null, string, Uint8Array, a native handle or a reader.
  function bodyForRust(bs) {
    if (bs === null) return null;
    takeBody(bs);
    const src = bs.src;
    if (typeof src === "string" || src instanceof Uint8Array) return src;
    if (src instanceof NativeSrc) return src.h;
    return src.getReader();
  }
  function teeBody(bs) {
    if (bs === null) return null;
    if (isUsed(bs)) throw new TypeError(USED);
    if (typeof bs.src === "string" || bs.src instanceof Uint8Array) return new BodyState(bs.src);
    const [a, b] = bodyStream(bs).tee();
    bs.stream = bs.src = a;
    const out = new BodyState(b);
    out.stream = b;
    return out;
  }
  // ---------------------------------------------------------------- multipart/form-data
  const NO_BOUNDARY = "No boundary string in Content-Type header. The multipart/form-data MIME type requires a boundary parameter, e.g. 'Content-Type: multipart/form-data; boundary=\"abcd\"'. See RFC 7578, section 4.";
  // The boundary parameter of a Content-Type (quoted-string or token), or null.
  function boundaryOf(contentType) {
    const re = /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
    for (const [, name, raw] of contentType.matchAll(re)) {
      if (name.toLowerCase() !== "boundary") continue;
      const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw.trim();
      return value === "" ? null : value;
    }
    return null;
  }
  // Names and filenames in Content-Disposition escape CR, LF and '"' (HTML's form encoding).
  const escapeDisposition = (s) => s.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
  function newBoundary() {
    return globalThis.crypto.randomUUID().replace(/-/g, "");
  }
  // A FormData body: a stream over a snapshot of the entries, one part per pull (File bytes are
  // read as they are reached). Serialised as workerd does: no CRLF after the close delimiter.
  function formDataStream(fd, boundary) {
    const entries = Array.from(fd);
    let i = 0;
    return new ReadableStream({
      async pull(c) {
        if (i === entries.length) {
          c.enqueue(native.utf8Encode(`--${boundary}--`));
          c.close();
          return;
        }
        const [name, value] = entries[i++];
        let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeDisposition(name)}"`;
        if (typeof value === "string") {
          c.enqueue(native.utf8Encode(`${head}\r\n\r\n${value}\r\n`));
          return;
        }
        head += `; filename="${escapeDisposition(value.name)}"\r\nContent-Type: ${value.type || "application/octet-stream"}\r\n\r\n`;
        c.enqueue(native.utf8Encode(head));
        const bytes = await value.bytes();
        if (bytes.byteLength) c.enqueue(bytes);
        c.enqueue(native.utf8Encode("\r\n"));
      },
    });
  }
  const mixin = {
    get body() { return bodyStream(this[kBody]()); },
    get bodyUsed() { return isUsed(this[kBody]()); },
    async text() { return consumeText(this[kBody]()); },
    async json() { return JSON.parse(await consumeText(this[kBody]())); },
    async arrayBuffer() {
      const b = await consumeBytes(this[kBody]());
      return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b.buffer : b.slice().buffer;
    },
    async bytes() { return consumeBytes(this[kBody]()); },
    async blob() {
      const b = await consumeBytes(this[kBody]());
      if (typeof Blob !== "function") throw new TypeError("Blob is not supported yet");
      return new Blob([b], { type: this.headers.get("content-type") || "" });
    },
    async formData() {
      const ct = this.headers.get("content-type") || "";
      const essence = ct.split(";", 1)[0].trim().toLowerCase();
      const bs = this[kBody]();
      if (essence === "multipart/form-data") {
        const bytes = await consumeBytes(bs);
        const boundary = boundaryOf(ct);
        if (boundary === null) throw new TypeError(NO_BOUNDARY);
        const fd = new FormData();
        for (const [name, filename, type, value] of native.parseMultipart(bytes, boundary)) {
          if (filename === undefined) fd.append(name, value);
          else fd.append(name, new File([value], filename, { type: type === undefined ? "" : type }));
        }
        return fd;
      }
      if (essence === "application/x-www-form-urlencoded") {
        const fd = new FormData();
        for (const [k, v] of new URLSearchParams(await consumeText(bs))) fd.append(k, v);
        return fd;
      }
      await consumeBytes(bs);
      throw new TypeError("Unrecognized Content-Type header value. FormData can only parse the following MIME types: multipart/form-data, application/x-www-form-urlencoded");
    },
  };
  const kBody = Symbol("body");
  function applyMixin(cls) {
    for (const key of Object.getOwnPropertyNames(mixin)) {
      Object.defineProperty(cls.prototype, key, Object.getOwnPropertyDescriptor(mixin, key));
    }
  }

  // ---------------------------------------------------------------- Request
  const METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"];
  function normMethod(m) {
    m = String(m);
    const up = m.toUpperCase();
    if (METHODS.includes(up)) return up;
    if (!TOKEN_RE.test(m)) throw new TypeError(`Invalid HTTP method string: ${m}`);
    return m;
  }
  let requestParts;
  class Request {
    #method = "GET"; #url = ""; #headers = null; #raw = null; #body = null;
    #redirect = "follow"; #signal = null; #cf; #cfJson = null; #fetcher = null;
    constructor(input, init) {
      if (input === TOKEN) return;
      if (init !== undefined && init !== null && typeof init !== "object") throw new TypeError("Failed to construct 'Request': init must be an object");
      init = init || {};
      let inheritBody = null;
      if (input instanceof Request) {
        this.#method = input.#method;
        this.#url = input.#url;
        this.#headers = new Headers(input.headers);
        this.#redirect = input.#redirect;
        this.#signal = input.#signal;
        this.#cf = input.#cf;
        inheritBody = input.#body;
      } else {
        this.#url = native.parseUrl(String(input));
      }
      if (init.method !== undefined) this.#method = normMethod(init.method);
      if (init.redirect !== undefined) {
        if (!["follow", "manual", "error"].includes(init.redirect)) throw new TypeError(`Invalid redirect value: ${init.redirect}`);
        this.#redirect = init.redirect;
      }
      if (init.signal !== undefined) this.#signal = init.signal;
      if (init.cf !== undefined) this.#cf = init.cf;
      if (init.headers !== undefined) this.#headers = new Headers(init.headers);
      else if (this.#headers === null) this.#headers = new Headers();
      if (init.body !== undefined && init.body !== null) {
        if (this.#method === "GET" || this.#method === "HEAD") throw new TypeError("Request with a GET or HEAD method cannot have a body.");
        const [bs, ct] = extractBody(init.body);
        this.#body = bs;
        if (ct && !this.#headers.has("content-type")) this.#headers.set("content-type", ct);
      } else if (inheritBody !== null && init.body === undefined) {
        if (isUsed(inheritBody)) throw new TypeError(USED);
        this.#body = new BodyState(inheritBody.src);
        this.#body.stream = inheritBody.stream;
        inheritBody.used = true;
      }
    }
    get method() { return this.#method; }
    get url() { return this.#url; }
    get headers() {
      if (this.#headers === null) { this.#headers = headersFromFlat(native.headerList(this.#raw), true); this.#raw = null; }
      return this.#headers;
    }
    get redirect() { return this.#redirect; }
    get signal() {
      if (this.#signal === null && typeof AbortController === "function") this.#signal = new AbortController().signal;
      return this.#signal;
    }
    get cf() {
      if (this.#cf === undefined && this.#fetcher !== null) {
        // From the edge (see hearth-edge's client.rs); calls between Workers carry none.
        this.#cf = this.#cfJson !== null ? JSON.parse(this.#cfJson) : { colo: "HRTH", country: "XX", httpProtocol: "HTTP/1.1", clientTcpRtt: 0, tlsVersion: "", edgeRequestKeepAliveStatus: 1 };
      }
      return this.#cf;
    }
    get fetcher() { return null; }
    get integrity() { return ""; }
    get keepalive() { return false; }
    get cache() { return undefined; }
    [kBody]() { return this.#body; }
    clone() {
      const r = new Request(TOKEN);
      r.#method = this.#method; r.#url = this.#url; r.#headers = new Headers(this.headers);
      r.#redirect = this.#redirect; r.#signal = this.#signal; r.#cf = this.cf;
      r.#body = teeBody(this.#body);
      return r;
    }
    get [Symbol.toStringTag]() { return "Request"; }
    static {
      // Builds an incoming request from Rust's parts without re-validating them.
      // `head` is a Rust object holding the headers; they become JS strings only when read.
      internal.incomingRequest = (method, url, head, handle, cf) => {
        const r = new Request(TOKEN);
        r.#method = method; r.#url = url; r.#raw = head; r.#fetcher = true;
        if (typeof cf === "string") r.#cfJson = cf;
        if (handle !== null) r.#body = new BodyState(new NativeSrc(handle));
        return r;
      };
      requestParts = (r) => [r.#method, r.#url, r.headers, r.#body, r.#redirect, r.#signal];
    }
  }
  applyMixin(Request);

  // ---------------------------------------------------------------- Response
  const NULL_BODY = [101, 204, 205, 304];
  const REDIRECTS = [301, 302, 303, 307, 308];
  let responseOut;
  class Response {
    #status = 200; #statusText = ""; #headers; #body = null; #type = "default"; #url = ""; #redirected = false;
    #webSocket = null;
    constructor(body, init) {
      if (body === TOKEN) return;
      if (init !== undefined && init !== null && typeof init !== "object") throw new TypeError("Failed to construct 'Response': init must be an object");
      init = init || {};
      if (init.status !== undefined) {
        const s = Number(init.status);
        if (!Number.isInteger(s) || ((s < 200 || s > 599) && !(s === 101 && init.webSocket))) {
          throw new RangeError(`Failed to construct 'Response': The status provided (${init.status}) is outside the range [200, 599].`);
        }
        this.#status = s;
      }
      if (init.statusText !== undefined) this.#statusText = String(init.statusText);
      if (init.webSocket !== undefined && init.webSocket !== null) {
        if (!internal.isWebSocket(init.webSocket)) throw new TypeError("Incorrect type for the 'webSocket' field on 'InitializerDict': the provided value is not of type 'WebSocket'.");
        if (this.#status !== 101) throw new RangeError("Responses with a WebSocket must have status code 101.");
        this.#webSocket = init.webSocket;
      }
      if (typeof body === "string" && init.headers === undefined && !NULL_BODY.includes(this.#status)) {
        // Fast path for the most common Response: a string body and no headers.
        this.#headers = headersFromFlat(["content-type", "text/plain;charset=UTF-8"], false);
        this.#body = new BodyState(body);
        return;
      }
      this.#headers = new Headers(init.headers);
      if (body !== undefined && body !== null) {
        if (NULL_BODY.includes(this.#status)) throw new TypeError("Response with null body status cannot have body");
        const [bs, ct] = extractBody(body);
        this.#body = bs;
        if (ct && !this.#headers.has("content-type")) this.#headers.set("content-type", ct);
      }
    }
    static json(data, init) {
      const s = JSON.stringify(data);
      if (s === undefined) throw new TypeError("Value is not JSON serializable");
      const r = new Response(s, init);
      r.#headers.set("content-type", "application/json");
      return r;
    }
    static redirect(url, status = 302) {
      if (!REDIRECTS.includes(status)) throw new RangeError(`Invalid status code: ${status}`);
      const r = new Response(null, { status });
      r.#headers.set("location", native.parseUrl(String(url)));
      return r;
    }
    static error() {
      const r = new Response(TOKEN);
      r.#status = 0; r.#headers = headersFromFlat([], true); r.#type = "error";
      return r;
    }
    get status() { return this.#status; }
    get statusText() { return this.#statusText; }
    get ok() { return this.#status >= 200 && this.#status <= 299; }
    get headers() { return this.#headers; }
    get type() { return this.#type; }
    get url() { return this.#url; }
    get redirected() { return this.#redirected; }
    get webSocket() { return this.#webSocket; }
    get cf() { return undefined; }
    [kBody]() { return this.#body; }
    clone() {
      if (this.#webSocket) throw new TypeError("Cannot clone a response to a WebSocket handshake.");
      const r = new Response(TOKEN);
      r.#status = this.#status; r.#statusText = this.#statusText; r.#headers = new Headers(this.#headers);
      r.#type = this.#type; r.#url = this.#url; r.#redirected = this.#redirected;
      r.#body = teeBody(this.#body);
      return r;
    }
    get [Symbol.toStringTag]() { return "Response"; }
    static {
      internal.fetchedResponse = (status, statusText, rawHeaders, handle, url, redirected, webSocket = null) => {
        const r = new Response(TOKEN);
        r.#webSocket = webSocket;
        r.#status = status; r.#statusText = statusText; r.#headers = headersFromFlat(rawHeaders, false);
        r.#url = url; r.#redirected = redirected; r.#type = "basic";
        if (handle !== null) r.#body = new BodyState(new NativeSrc(handle));
        return r;
      };
      responseOut = (r) => {
        if (r.#type === "error") throw new TypeError("Return value from serve handler must not be an error response (like Response.error())");
        return [r.#status, r.#statusText, headersFlat(r.#headers), bodyForRust(r.#body)];
      };
    }
  }
  applyMixin(Response);
  internal.responseOut = responseOut;

  // ---------------------------------------------------------------- fetch
  // Sends `req` through `send(method, url, flatHeaders, body, redirect)` and wraps the answer.
  async function sendRequest(req, send) {
    const [method, url, headers, bs, redirect, signal] = requestParts(req);
    if (signal && signal.aborted) throw signal.reason;
    if (send === native.fetch && String(headers.get("upgrade") || "").toLowerCase() === "websocket") {
      // An outbound WebSocket: the handshake's answer, with `webSocket` set on a 101.
      return fetched(await native.wsConnect(url, headersFlat(headers)));
    }
    let body = null;
    if (bs !== null) {
      if (bs.stream === null && bs.src instanceof NativeSrc) { takeBody(bs); body = bs.src.h; }
      else if (bs.stream === null && typeof bs.src === "string") { takeBody(bs); body = bs.src; }
      else if (bs.stream === null && bs.src instanceof Uint8Array) { takeBody(bs); body = bs.src; }
      else body = bodyForRust(bs); // a stream: Rust reads it chunk by chunk while sending
    }
    return fetched(await send(method, url, headersFlat(headers), body, redirect));
  }
  // A native answer as a Response; a WebSocket's id at index 6 becomes `response.webSocket`.
  function fetched([status, statusText, raw, handle, finalUrl, redirected, id]) {
    let ws = null;
    if (typeof id === "number") {
      ws = internal.wsOutbound(id);
      native.wsListen(id, internal.wsDeliver);
    }
    return internal.fetchedResponse(status, statusText, raw, handle, finalUrl, redirected, ws);
  }
  internal.sendRequest = sendRequest;
  async function fetch(input, init) {
    const req = new Request(input, init);
    return sendRequest(req, native.fetch);
  }

  internal.Request = Request;
  internal.Response = Response;
  for (const [name, value] of [["Headers", Headers], ["Request", Request], ["Response", Response], ["fetch", fetch]]) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
})
