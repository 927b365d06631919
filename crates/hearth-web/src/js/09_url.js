// URL and URLSearchParams (https://url.spec.whatwg.org/#api). A URL caches its components as
// strings (natives.parse/set return them in the order of the C_* indices below); the search
// params object is created on first use and linked both ways: mutating it rewrites the URL's
// query, and setting `search`/`href` re-reads the list.
(function (globalThis, natives) {
  "use strict";

  const { TypeError, Object, Symbol, String, Array } = globalThis;
  const { parse, set, formParse, formSerialize } = natives;
  const C_HREF = 0,
    C_ORIGIN = 1,
    C_PROTOCOL = 2,
    C_USERNAME = 3,
    C_PASSWORD = 4,
    C_HOST = 5,
    C_HOSTNAME = 6,
    C_PORT = 7,
    C_PATHNAME = 8,
    C_SEARCH = 9,
    C_HASH = 10;
  const INTERNAL = {};
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";
  const toWellFormed = String.prototype.toWellFormed;
  // WebIDL USVString: lone surrogates become U+FFFD.
  const usv = toWellFormed
    ? (v) => toWellFormed.call(String(v))
    : (v) => String(v).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

  function required(args, n, what) {
    if (args.length < n) throw new TypeError(`${what}: ${n} argument${n > 1 ? "s" : ""} required`);
  }

  // ---- URLSearchParams --------------------------------------------------------------------------

  let paramsRecord, attachParams, isParams;

  function readList(query) {
    const flat = formParse(query);
    const list = [];
    for (let i = 0; i < flat.length; i += 2) list.push([flat[i], flat[i + 1]]);
    return list;
  }

  function serialize(list) {
    if (list.length === 0) return "";
    const flat = [];
    for (const [name, value] of list) flat.push(name, value);
    return formSerialize(flat);
  }

  class URLSearchParams {
    #p;
    static {
      paramsRecord = (o, what) => {
        if (isObject(o) && #p in o) return o.#p;
        throw new TypeError(`${what}: 'this' is not a URLSearchParams`);
      };
      isParams = (o) => isObject(o) && #p in o;
    }
    constructor(init = undefined) {
      if (init === INTERNAL) {
        this.#p = { list: [], url: undefined };
        return;
      }
      const p = { list: [], url: undefined };
      this.#p = p;
      if (init === undefined || init === null) return;
      if (isObject(init)) {
        if (isParams(init)) {
          p.list = init.#p.list.map(([n, v]) => [n, v]);
          return;
        }
        const iteratorMethod = init[Symbol.iterator];
        if (iteratorMethod !== undefined && iteratorMethod !== null) {
          if (typeof iteratorMethod !== "function") throw new TypeError("URLSearchParams: init is not iterable");
          for (const pair of Reflect.apply(iteratorMethod, init, [])) {
            if (!isObject(pair)) throw new TypeError("URLSearchParams: each pair must be a sequence");
            const items = Array.from(pair);
            if (items.length !== 2) throw new TypeError("URLSearchParams: each pair must have exactly two items");
            p.list.push([usv(items[0]), usv(items[1])]);
          }
          return;
        }
        for (const key of Reflect.ownKeys(init)) {
          const desc = Reflect.getOwnPropertyDescriptor(init, key);
          if (desc === undefined || !desc.enumerable) continue;
          if (typeof key === "symbol") throw new TypeError("URLSearchParams: record keys must be strings");
          p.list.push([usv(key), usv(init[key])]);
        }
        return;
      }
      let s = usv(init);
      if (s.startsWith("?")) s = s.slice(1);
      p.list = readList(s);
    }
    get size() {
      return paramsRecord(this, "size").list.length;
    }
    append(name, value) {
      const p = paramsRecord(this, "append");
      required(arguments, 2, "URLSearchParams.append");
      p.list.push([usv(name), usv(value)]);
      update(p);
    }
    delete(name, value = undefined) {
      const p = paramsRecord(this, "delete");
      required(arguments, 1, "URLSearchParams.delete");
      name = usv(name);
      if (value === undefined) {
        p.list = p.list.filter((e) => e[0] !== name);
      } else {
        value = usv(value);
        p.list = p.list.filter((e) => e[0] !== name || e[1] !== value);
      }
      update(p);
    }
    get(name) {
      const p = paramsRecord(this, "get");
      required(arguments, 1, "URLSearchParams.get");
      name = usv(name);
      for (const e of p.list) if (e[0] === name) return e[1];
      return null;
    }
    getAll(name) {
      const p = paramsRecord(this, "getAll");
      required(arguments, 1, "URLSearchParams.getAll");
      name = usv(name);
      const out = [];
      for (const e of p.list) if (e[0] === name) out.push(e[1]);
      return out;
    }
    has(name, value = undefined) {
      const p = paramsRecord(this, "has");
      required(arguments, 1, "URLSearchParams.has");
      name = usv(name);
      if (value === undefined) return p.list.some((e) => e[0] === name);
      value = usv(value);
      return p.list.some((e) => e[0] === name && e[1] === value);
    }
    set(name, value) {
      const p = paramsRecord(this, "set");
      required(arguments, 2, "URLSearchParams.set");
      name = usv(name);
      value = usv(value);
      const i = p.list.findIndex((e) => e[0] === name);
      if (i < 0) {
        p.list.push([name, value]);
      } else {
        p.list[i][1] = value;
        p.list = p.list.filter((e, j) => j <= i || e[0] !== name);
      }
      update(p);
    }
    sort() {
      const p = paramsRecord(this, "sort");
      // Stable sort by the names' UTF-16 code units (JavaScript's default string order).
      const indexed = p.list.map((e, i) => [e, i]);
      indexed.sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]));
      p.list = indexed.map((x) => x[0]);
      update(p);
    }
    forEach(callback, thisArg = undefined) {
      const p = paramsRecord(this, "forEach");
      if (typeof callback !== "function") throw new TypeError("URLSearchParams.forEach: callback must be a function");
      for (let i = 0; i < p.list.length; i++) {
        const [name, value] = p.list[i];
        Reflect.apply(callback, thisArg, [value, name, this]);
      }
    }
    keys() {
      return createIterator(paramsRecord(this, "keys"), "key");
    }
    values() {
      return createIterator(paramsRecord(this, "values"), "value");
    }
    entries() {
      return createIterator(paramsRecord(this, "entries"), "key+value");
    }
    toString() {
      return serialize(paramsRecord(this, "toString").list);
    }
  }
  Object.defineProperty(URLSearchParams.prototype, Symbol.iterator, {
    value: URLSearchParams.prototype.entries,
    writable: true,
    configurable: true,
  });

  // The "update steps": a change to the list rewrites the owning URL's query.
  function update(p) {
    if (p.url === undefined) return;
    setQueryFromParams(p.url, serialize(p.list));
  }

  let iteratorState;
  const iteratorProto = Object.create(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
  class ParamsIterator {
    #it;
    static {
      iteratorState = (o) => {
        if (isObject(o) && #it in o) return o.#it;
        throw new TypeError("'this' is not a URLSearchParams Iterator");
      };
    }
    constructor(state) {
      this.#it = state;
    }
  }
  function createIterator(p, kind) {
    const it = new ParamsIterator({ p, kind, index: 0 });
    Object.setPrototypeOf(it, iteratorProto);
    return it;
  }
  Object.defineProperties(iteratorProto, {
    next: {
      value: function next() {
        const st = iteratorState(this);
        const list = st.p.list;
        if (st.index >= list.length) return { value: undefined, done: true };
        const [name, value] = list[st.index++];
        const v = st.kind === "key" ? name : st.kind === "value" ? value : [name, value];
        return { value: v, done: false };
      },
      writable: true,
      enumerable: true,
      configurable: true,
    },
    [Symbol.toStringTag]: { value: "URLSearchParams Iterator", configurable: true },
  });

  // ---- URL --------------------------------------------------------------------------------------

  let urlRecord, setQueryFromParams;

  function parseOrThrow(url, base) {
    url = usv(url);
    let c;
    if (base === undefined) {
      c = parse(url);
    } else {
      base = usv(base);
      c = parse(url, base);
    }
    if (c === null) throw new TypeError(`Invalid URL: ${url}`);
    return c;
  }

  class URL {
    #u;
    static {
      urlRecord = (o, what) => {
        if (isObject(o) && #u in o) return o.#u;
        throw new TypeError(`${what}: 'this' is not a URL`);
      };
      setQueryFromParams = (u, serialized) => {
        // Serialised params are already percent-encoded, so `search` keeps them verbatim.
        u.c = set(u.c[C_HREF], "search", serialized);
      };
    }
    constructor(url, base = undefined) {
      required(arguments, 1, "URL");
      const c = arguments[0] === INTERNAL ? base : parseOrThrow(url, base);
      this.#u = { c, params: undefined };
    }
    static canParse(url, base = undefined) {
      required(arguments, 1, "URL.canParse");
      url = usv(url);
      return (base === undefined ? parse(url) : parse(url, usv(base))) !== null;
    }
    static parse(url, base = undefined) {
      required(arguments, 1, "URL.parse");
      url = usv(url);
      const c = base === undefined ? parse(url) : parse(url, usv(base));
      return c === null ? null : new URL(INTERNAL, c);
    }
    get href() {
      return urlRecord(this, "href").c[C_HREF];
    }
    set href(value) {
      const u = urlRecord(this, "href");
      value = usv(value);
      const c = parse(value);
      if (c === null) throw new TypeError(`Invalid URL: ${value}`);
      u.c = c;
      refreshParams(u);
    }
    get origin() {
      return urlRecord(this, "origin").c[C_ORIGIN];
    }
    get protocol() {
      return urlRecord(this, "protocol").c[C_PROTOCOL];
    }
    set protocol(value) {
      setter(urlRecord(this, "protocol"), "protocol", value);
    }
    get username() {
      return urlRecord(this, "username").c[C_USERNAME];
    }
    set username(value) {
      setter(urlRecord(this, "username"), "username", value);
    }
    get password() {
      return urlRecord(this, "password").c[C_PASSWORD];
    }
    set password(value) {
      setter(urlRecord(this, "password"), "password", value);
    }
    get host() {
      return urlRecord(this, "host").c[C_HOST];
    }
    set host(value) {
      setter(urlRecord(this, "host"), "host", value);
    }
    get hostname() {
      return urlRecord(this, "hostname").c[C_HOSTNAME];
    }
    set hostname(value) {
      setter(urlRecord(this, "hostname"), "hostname", value);
    }
    get port() {
      return urlRecord(this, "port").c[C_PORT];
    }
    set port(value) {
      setter(urlRecord(this, "port"), "port", value);
    }
    get pathname() {
      return urlRecord(this, "pathname").c[C_PATHNAME];
    }
    set pathname(value) {
      setter(urlRecord(this, "pathname"), "pathname", value);
    }
    get search() {
      return urlRecord(this, "search").c[C_SEARCH];
    }
    set search(value) {
      const u = urlRecord(this, "search");
      setter(u, "search", value);
      refreshParams(u);
    }
    get searchParams() {
      const u = urlRecord(this, "searchParams");
      if (u.params === undefined) {
        const params = new URLSearchParams(INTERNAL);
        u.params = params;
        attachParams(params, u);
      }
      return u.params;
    }
    get hash() {
      return urlRecord(this, "hash").c[C_HASH];
    }
    set hash(value) {
      setter(urlRecord(this, "hash"), "hash", value);
    }
    toString() {
      return urlRecord(this, "toString").c[C_HREF];
    }
    toJSON() {
      return urlRecord(this, "toJSON").c[C_HREF];
    }
  }

  attachParams = (params, u) => {
    const p = paramsRecord(params, "attach");
    p.url = u;
    p.list = readList(u.c[C_SEARCH].slice(1));
  };

  function refreshParams(u) {
    if (u.params !== undefined) paramsRecord(u.params, "refresh").list = readList(u.c[C_SEARCH].slice(1));
  }

  function setter(u, attribute, value) {
    const c = set(u.c[C_HREF], attribute, usv(value));
    if (c !== null) u.c = c;
  }

  return { URL, URLSearchParams };
});
