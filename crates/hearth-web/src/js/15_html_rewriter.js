// HTMLRewriter (Cloudflare Workers runtime API). lol_html runs natively on a coroutine (see
// src/html_rewriter/); this file is the public API: HTMLRewriter, the content-token classes
// handlers receive, and transform()'s pump. The pump reads the input body chunk by chunk,
// feeds the native rewriter, runs the handler for each event it reports (awaiting a returned
// promise before resuming the rewriter) and enqueues the rewritten bytes as they come.
(function (globalThis, natives) {
  "use strict";

  const { TypeError, Object, String, Symbol, Uint8Array, ArrayBuffer, Map } = globalThis;
  const { checkSelector, checkEncoding, create } = natives;

  // Steps the native rewriter reports (src/html_rewriter.rs: outcome): NEED_INPUT, DONE, or
  // a pending event as `handler id * 8 + kind` (>= 0).
  const DONE = -2;
  // Event kinds (coroutine.rs: Kind).
  const ELEMENT = 0, COMMENT = 1, TEXT = 2, DOCTYPE = 3, END = 4, END_TAG = 5;
  // Token operations (src/html_rewriter/units.rs).
  const OP = {
    tagName: 1, setTagName: 2, attributes: 3, getAttribute: 4, hasAttribute: 5, setAttribute: 6,
    removeAttribute: 7, before: 8, after: 9, prepend: 10, append: 11, replace: 12,
    setInnerContent: 13, remove: 14, removeAndKeepContent: 15, removed: 16, namespaceURI: 17,
    onEndTag: 18,
    endName: 20, setEndName: 21, endBefore: 22, endAfter: 23, endRemove: 24,
    text: 30, lastInTextNode: 31, textRemoved: 32, textBefore: 33, textAfter: 34,
    textReplace: 35, textRemove: 36,
    comment: 40, setComment: 41, commentRemoved: 42, commentBefore: 43, commentAfter: 44,
    commentReplace: 45, commentRemove: 46,
    doctypeName: 50, publicId: 51, systemId: 52,
    endAppend: 60,
  };
  const KEY = Symbol("token"); // only this file can construct tokens
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";
  const isThenable = (x) => isObject(x) && typeof x.then === "function";

  function required(args, n, iface, method) {
    if (args.length < n) {
      throw new TypeError(`Failed to execute '${method}' on '${iface}': ${n} argument${n > 1 ? "s" : ""} required, but only ${args.length} present.`);
    }
  }

  // Content for before/after/...: a string (workerd also types ReadableStream and Response
  // here, and rejects them as not implemented).
  function content(value) {
    const RS = globalThis.ReadableStream, Resp = globalThis.Response;
    if ((typeof RS === "function" && value instanceof RS) || (typeof Resp === "function" && value instanceof Resp)) {
      throw new TypeError("Replacing HTML content using a ReadableStream or Response object is not implemented. You must provide a string.");
    }
    return String(value);
  }
  function isHtml(options) {
    if (options === undefined || options === null) return false;
    if (!isObject(options)) throw new TypeError("ContentOptions must be an object.");
    return !!options.html;
  }

  // One token class per unit kind. A token is valid while its handler (and the promise it
  // returned) runs; the native side checks the generation on every operation.
  class Token {
    #job;
    #gen;
    constructor(key, job, gen) {
      if (key !== KEY) throw new TypeError("Illegal constructor");
      this.#job = job;
      this.#gen = gen;
    }
    static op(token, code, a, b, html) {
      if (!(#job in token)) throw new TypeError("Illegal invocation");
      return token.#job.native.op(token.#gen, code, a, b, html === true);
    }
    static job(token) {
      return token.#job;
    }
  }
  const op = Token.op;

  class Element extends Token {
    get tagName() { return op(this, OP.tagName); }
    set tagName(name) { op(this, OP.setTagName, String(name)); }
    get attributes() {
      const list = op(this, OP.attributes);
      let i = 0;
      const self = this;
      return {
        next() {
          op(self, OP.removed); // throws once the token is stale
          return i < list.length ? { value: list[i++], done: false } : { value: undefined, done: true };
        },
        [Symbol.iterator]() { return this; },
      };
    }
    get removed() { return op(this, OP.removed); }
    get namespaceURI() { return op(this, OP.namespaceURI); }
    getAttribute(name) {
      required(arguments, 1, "Element", "getAttribute");
      return op(this, OP.getAttribute, String(name));
    }
    hasAttribute(name) {
      required(arguments, 1, "Element", "hasAttribute");
      return op(this, OP.hasAttribute, String(name));
    }
    setAttribute(name, value) {
      required(arguments, 2, "Element", "setAttribute");
      op(this, OP.setAttribute, String(name), String(value));
      return this;
    }
    removeAttribute(name) {
      required(arguments, 1, "Element", "removeAttribute");
      op(this, OP.removeAttribute, String(name));
      return this;
    }
    before(c, options) { required(arguments, 1, "Element", "before"); op(this, OP.before, content(c), undefined, isHtml(options)); return this; }
    after(c, options) { required(arguments, 1, "Element", "after"); op(this, OP.after, content(c), undefined, isHtml(options)); return this; }
    prepend(c, options) { required(arguments, 1, "Element", "prepend"); op(this, OP.prepend, content(c), undefined, isHtml(options)); return this; }
    append(c, options) { required(arguments, 1, "Element", "append"); op(this, OP.append, content(c), undefined, isHtml(options)); return this; }
    replace(c, options) { required(arguments, 1, "Element", "replace"); op(this, OP.replace, content(c), undefined, isHtml(options)); return this; }
    setInnerContent(c, options) {
      required(arguments, 1, "Element", "setInnerContent");
      op(this, OP.setInnerContent, content(c), undefined, isHtml(options));
      return this;
    }
    remove() { op(this, OP.remove); return this; }
    removeAndKeepContent() { op(this, OP.removeAndKeepContent); return this; }
    onEndTag(handler) {
      required(arguments, 1, "Element", "onEndTag");
      if (typeof handler !== "function") throw new TypeError("Failed to execute 'onEndTag' on 'Element': parameter 1 is not a function.");
      const id = op(this, OP.onEndTag);
      Token.job(this).endTags.set(id, handler);
    }
  }

  class EndTag extends Token {
    get name() { return op(this, OP.endName); }
    set name(name) { op(this, OP.setEndName, String(name)); }
    before(c, options) { required(arguments, 1, "EndTag", "before"); op(this, OP.endBefore, content(c), undefined, isHtml(options)); return this; }
    after(c, options) { required(arguments, 1, "EndTag", "after"); op(this, OP.endAfter, content(c), undefined, isHtml(options)); return this; }
    remove() { op(this, OP.endRemove); return this; }
  }

  class Text extends Token {
    get text() { return op(this, OP.text); }
    get lastInTextNode() { return op(this, OP.lastInTextNode); }
    get removed() { return op(this, OP.textRemoved); }
    before(c, options) { required(arguments, 1, "Text", "before"); op(this, OP.textBefore, content(c), undefined, isHtml(options)); return this; }
    after(c, options) { required(arguments, 1, "Text", "after"); op(this, OP.textAfter, content(c), undefined, isHtml(options)); return this; }
    replace(c, options) { required(arguments, 1, "Text", "replace"); op(this, OP.textReplace, content(c), undefined, isHtml(options)); return this; }
    remove() { op(this, OP.textRemove); return this; }
  }

  class Comment extends Token {
    get text() { return op(this, OP.comment); }
    set text(value) { op(this, OP.setComment, String(value)); }
    get removed() { return op(this, OP.commentRemoved); }
    before(c, options) { required(arguments, 1, "Comment", "before"); op(this, OP.commentBefore, content(c), undefined, isHtml(options)); return this; }
    after(c, options) { required(arguments, 1, "Comment", "after"); op(this, OP.commentAfter, content(c), undefined, isHtml(options)); return this; }
    replace(c, options) { required(arguments, 1, "Comment", "replace"); op(this, OP.commentReplace, content(c), undefined, isHtml(options)); return this; }
    remove() { op(this, OP.commentRemove); return this; }
  }

  class Doctype extends Token {
    get name() { return op(this, OP.doctypeName); }
    get publicId() { return op(this, OP.publicId); }
    get systemId() { return op(this, OP.systemId); }
  }

  class DocumentEnd extends Token {
    append(c, options) { required(arguments, 1, "DocumentEnd", "append"); op(this, OP.endAppend, content(c), undefined, isHtml(options)); return this; }
  }

  const TOKEN_CLASSES = [Element, Comment, Text, Doctype, DocumentEnd, EndTag];
  for (const C of TOKEN_CLASSES) {
    for (const key of Object.getOwnPropertyNames(C.prototype)) {
      if (key === "constructor") continue;
      const d = Object.getOwnPropertyDescriptor(C.prototype, key);
      d.enumerable = true;
      Object.defineProperty(C.prototype, key, d);
    }
    Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
  }

  // A handler object's members, read once at on()/onDocument() time (as workerd does).
  function handlerSet(handlers, names, method) {
    if (handlers === undefined || handlers === null) handlers = {};
    if (!isObject(handlers)) throw new TypeError(`Failed to execute '${method}' on 'HTMLRewriter': parameter is not an object.`);
    const fns = [];
    for (const name of names) {
      const fn = handlers[name];
      if (fn !== undefined && typeof fn !== "function") {
        throw new TypeError(`Failed to execute '${method}' on 'HTMLRewriter': handler '${name}' is not a function.`);
      }
      fns.push(fn);
    }
    return { self: handlers, fns };
  }

  // The charset parameter of a Content-Type value, or null.
  function charsetOf(contentType) {
    if (contentType === null) return null;
    const params = contentType.split(";").slice(1);
    for (const p of params) {
      const eq = p.indexOf("=");
      if (eq < 0) continue;
      if (p.slice(0, eq).trim().toLowerCase() !== "charset") continue;
      let v = p.slice(eq + 1).trim();
      if (v.length >= 2 && v[0] === '"' && v[v.length - 1] === '"') v = v.slice(1, -1);
      return v;
    }
    return null;
  }

  function bytesOf(chunk) {
    if (chunk instanceof Uint8Array) return chunk;
    if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
    if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    throw new TypeError("This TransformStream is being used as a byte stream, but received an object of non-ArrayBuffer/ArrayBufferView type on its writable side.");
  }

  // Runs the handler for the pending event `step`; returns what it returned. The native bumps
  // the generation by one per event; the token carries the same count.
  function callHandler(job, step) {
    const gen = (job.gen = (job.gen + 1) >>> 0);
    const kind = step % 8;
    const id = (step - kind) / 8;
    if (kind === END_TAG) {
      const fn = job.endTags.get(id);
      job.endTags.delete(id);
      return fn(new EndTag(KEY, job, gen));
    }
    const h = job.handlers[id];
    const token = new TOKEN_CLASSES[kind](KEY, job, gen);
    return h.fn.call(h.self, token);
  }

  // Runs handlers until the rewriter needs input or is done; awaits only async handlers.
  async function drain(job, controller, step) {
    while (step >= 0) {
      let ok = true;
      try {
        const result = callHandler(job, step);
        if (isThenable(result)) {
          // Bytes before this unit need not wait for the handler.
          const out = job.native.takeOutput();
          if (out !== undefined) controller.enqueue(out);
          await result;
        }
      } catch (e) {
        job.failed = true;
        job.error = e;
        ok = false;
      }
      step = job.native.resume(ok);
    }
    return step;
  }

  async function pull(job, controller) {
    try {
      // The native rewriter (coroutine stack, lol_html) exists only once the body is read.
      if (job.native === null) job.native = create(job.charset, job.spec);
      for (;;) {
        const out = job.native.takeOutput();
        if (out !== undefined) {
          controller.enqueue(out);
          return;
        }
        if (job.done) {
          job.endTags.clear();
          controller.close();
          return;
        }
        const { value, done } = await job.reader.read();
        let step = done ? job.native.end() : job.native.write(bytesOf(value));
        if (step >= 0) step = await drain(job, controller, step);
        if (step === DONE) job.done = true;
      }
    } catch (e) {
      const error = job.failed ? job.error : e;
      job.done = true;
      job.endTags.clear();
      if (job.native !== null) job.native.abort();
      job.reader.cancel(error).catch(() => {});
      throw error;
    }
  }

  class HTMLRewriter {
    #entries = [];
    constructor() {}
    on(selector, handlers) {
      required(arguments, 2, "HTMLRewriter", "on");
      selector = String(selector);
      checkSelector(selector);
      this.#entries.push({ selector, ...handlerSet(handlers, ["element", "comments", "text"], "on") });
      return this;
    }
    onDocument(handlers) {
      required(arguments, 1, "HTMLRewriter", "onDocument");
      this.#entries.push({ selector: null, ...handlerSet(handlers, ["doctype", "comments", "text", "end"], "onDocument") });
      return this;
    }
    transform(response) {
      if (!(#entries in this)) throw new TypeError("Illegal invocation");
      const Response = globalThis.Response;
      if (typeof Response !== "function" || !(response instanceof Response)) {
        throw new TypeError("Failed to execute 'transform' on 'HTMLRewriter': parameter 1 is not of type 'Response'.");
      }
      const body = response.body;
      if (body === null) return response;
      if (response.bodyUsed) throw new TypeError("Body has already been used. It can only be used once. Use tee() first if you need to read it twice.");
      const handlers = [];
      const spec = this.#entries.map((entry, index) => {
        let slots = 0;
        entry.fns.forEach((fn, slot) => {
          if (fn === undefined) return;
          slots |= 1 << slot;
          handlers[index * 4 + slot] = { fn, self: entry.self };
        });
        return [entry.selector, slots];
      });
      const charset = charsetOf(response.headers.get("content-type")) ?? "utf-8";
      checkEncoding(charset); // before the body is disturbed, as workerd
      const reader = body.getReader();
      const job = { native: null, charset, spec, reader, handlers, endTags: new Map(), gen: 0, done: false, failed: false, error: undefined };
      const output = new globalThis.ReadableStream(
        {
          pull: (controller) => pull(job, controller),
          cancel: (reason) => {
            job.done = true;
            job.endTags.clear();
            if (job.native !== null) job.native.abort();
            return reader.cancel(reason);
          },
        },
        { highWaterMark: 0 },
      );
      const headers = new globalThis.Headers(response.headers);
      // The rewritten body has a different length.
      headers.delete("content-length");
      return new Response(output, { status: response.status, statusText: response.statusText, headers });
    }
  }

  return { HTMLRewriter };
});
