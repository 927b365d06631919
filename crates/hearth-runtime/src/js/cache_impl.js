// The Cache API: `caches.default` and `caches.open(name)`, Cloudflare's subset of the service
// worker Cache (match, put, delete). Entries live in the runtime's shared in-memory cache
// (src/cache/), partitioned by account and dispatch namespace on the Rust side; this file does
// the request/response semantics: which requests may be stored, conditional and range requests
// on match, and rebuilding the Response.
// This file is the implementation, loaded on first use (`native.lazyGlue("cache")`) by `cache.js`.
(function (native, internal) {
  "use strict";
  const TOKEN = Symbol("cache");
  const NULL_BODY = [101, 204, 205, 304];

  /** The cache key of a Request or URL: the URL without its fragment, plus the method. */
  function keyOf(request, what) {
    let url, method = "GET", headers = null;
    if (request instanceof Request) {
      url = request.url;
      method = request.method;
      headers = request.headers;
    } else {
      url = String(request);
    }
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(`Failed to execute '${what}' on 'Cache': Invalid URL: ${url}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new TypeError(`Failed to execute '${what}' on 'Cache': Request scheme '${parsed.protocol.slice(0, -1)}' is unsupported`);
    }
    parsed.hash = "";
    return { url: parsed.href, method, headers };
  }

  function etagMatches(list, etag) {
    if (!etag) return false;
    const weak = (t) => t.trim().replace(/^W\//, "");
    return list.split(",").some((t) => t.trim() === "*" || weak(t) === weak(etag));
  }

  /** `bytes=a-b`, `bytes=a-`, `bytes=-n` against `size`: [start, end] inclusive, null if unsatisfiable, undefined if not a single byte range. */
  function parseRange(value, size) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
    if (!m || (m[1] === "" && m[2] === "")) return undefined;
    let start, end;
    if (m[1] === "") {
      const n = Number(m[2]);
      if (n === 0) return null;
      start = Math.max(0, size - n);
      end = size - 1;
    } else {
      start = Number(m[1]);
      end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
      if (m[2] !== "" && Number(m[2]) < start) return undefined;
    }
    return start < size && start <= end ? [start, end] : null;
  }

  class Cache {
    #name;
    constructor(token, name) {
      if (token !== TOKEN) throw new TypeError("Illegal constructor");
      this.#name = name;
    }

    async match(request, options) {
      const key = keyOf(request, "match");
      if (key.method !== "GET" && !(options && options.ignoreMethod)) return undefined;
      const hit = native.cacheMatch(this.#name, key.url);
      if (hit === null) return undefined;
      const [status, pairs, body] = hit;
      const headers = new Headers(pairs);
      headers.set("cf-cache-status", "HIT");
      const req = key.headers;
      if (req) {
        const inm = req.get("if-none-match");
        const ims = req.get("if-modified-since");
        const lastModified = headers.get("last-modified");
        const notModified = inm !== null
          ? etagMatches(inm, headers.get("etag"))
          : ims !== null && lastModified !== null && Date.parse(lastModified) <= Date.parse(ims);
        if (status === 200 && notModified) return new Response(null, { status: 304, headers });
        const range = req.get("range");
        if (status === 200 && range !== null) {
          const r = parseRange(range, body.byteLength);
          if (r === null) {
            headers.set("content-range", `bytes */${body.byteLength}`);
            headers.delete("content-length");
            return new Response(null, { status: 416, headers });
          }
          if (r !== undefined) {
            headers.set("content-range", `bytes ${r[0]}-${r[1]}/${body.byteLength}`);
            headers.set("content-length", String(r[1] - r[0] + 1));
            return new Response(body.slice(r[0], r[1] + 1), { status: 206, headers });
          }
        }
      }
      return new Response(NULL_BODY.includes(status) ? null : body, { status, headers });
    }

    async put(request, response) {
      const key = keyOf(request, "put");
      if (!(response instanceof Response)) {
        throw new TypeError("Failed to execute 'put' on 'Cache': parameter 2 is not of type 'Response'.");
      }
      if (key.method !== "GET") throw new TypeError("Cannot cache response to non-GET request.");
      if (response.status === 206) throw new TypeError("Cannot cache response to a range request (206 Partial Content).");
      if (response.webSocket) throw new TypeError("Cannot cache a WebSocket handshake response.");
      const vary = response.headers.get("vary");
      if (vary !== null && vary.split(",").some((v) => v.trim() === "*")) {
        throw new TypeError("Cannot cache response with 'Vary: *' header.");
      }
      if (response.bodyUsed) throw new TypeError("Cannot cache a Response whose body has already been used.");
      const body = await response.arrayBuffer();
      native.cachePut(this.#name, key.url, response.status, [...response.headers], body);
      return undefined;
    }

    async delete(request, options) {
      const key = keyOf(request, "delete");
      if (key.method !== "GET" && !(options && options.ignoreMethod)) return false;
      return native.cacheDelete(this.#name, key.url);
    }
  }

  class CacheStorage {
    #default = new Cache(TOKEN, "");
    constructor(token) {
      if (token !== TOKEN) throw new TypeError("Illegal constructor");
    }
    get default() {
      return this.#default;
    }
    async open(name) {
      if (arguments.length === 0) throw new TypeError("Failed to execute 'open' on 'CacheStorage': 1 argument required, but only 0 present.");
      name = String(name);
      if (name.length > 1024) throw new TypeError("Cache name is too long.");
      return new Cache(TOKEN, `open:${name}`);
    }
  }

  return { Cache, CacheStorage, caches: new CacheStorage(TOKEN) };
})
