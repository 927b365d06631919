// WebSocketPair, WebSocket and CloseEvent (MessageEvent is hearth-web's), as on Cloudflare
// Workers (workerd's semantics and error messages). The two ends of a pair deliver to each other
// inside the isolate (asynchronously, in microtasks). When a fetch handler returns
// `new Response(null, {status: 101, webSocket: client})`, `internal.wsAttach(client)` hands the client end to Rust (`native.wsOpen`):
// from then on whatever the server end sends goes to the edge (`native.wsSend` / `native.wsClose`),
// and the edge's frames come back through `internal.wsDeliver`, as if the client end had sent them.
// Outbound sockets (`fetch()` with `Upgrade: websocket`) and sockets from a called Worker's 101
// (service bindings) are pairs too (`internal.wsOutbound`): the far end stands for the other side.
// This file is the implementation, loaded on first use (`native.lazyGlue("websocket")`) by
// `websocket.js`, which keeps only the hooks and the lazy globals in every isolate.
(function (native, internal) {
  "use strict";
  const CONNECTING = 0, OPEN = 1, CLOSING = 2, CLOSED = 3;
  const INVALID_ACCESS = "InvalidAccessError";
  const ERR_ACCEPT = "You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.";
  const DISCONNECTED = "WebSocket disconnected without sending Close frame.";
  const remotes = new Map(); // attach id -> the client end's record
  // Microtasks without the (replaceable) global queueMicrotask.
  const resolved = Promise.resolve();
  const then = Promise.prototype.then;
  const later = (f) => { then.call(resolved, f); };

  const Event = globalThis.Event;
  const EventTarget = globalThis.EventTarget;
  const Blob = globalThis.Blob;
  const TOKEN = Symbol("WebSocketPair");
  const wrappers = new WeakMap(); // listener -> wrapper that notices a throw
  let recOf;
  let delivering = null; // the event being delivered by `deliver`, for `wrap`

  // MessageEvent is the events family's (hearth-web's messaging module), shared with MessagePort.
  const MessageEvent = globalThis.MessageEvent;

  class CloseEvent extends Event {
    #code; #reason; #wasClean;
    constructor(type, init) {
      if (arguments.length < 1) throw new TypeError("Failed to construct 'CloseEvent': 1 argument required, but only 0 present.");
      super(type, init);
      const i = init === undefined || init === null ? {} : Object(init);
      this.#code = i.code === undefined ? 0 : Number(i.code) & 0xffff;
      this.#reason = i.reason === undefined ? "" : String(i.reason);
      this.#wasClean = !!i.wasClean;
    }
    get code() { return this.#code; }
    get reason() { return this.#reason; }
    get wasClean() { return this.#wasClean; }
    get [Symbol.toStringTag]() { return "CloseEvent"; }
  }

  // One end's state. `queue` holds events that arrived before accept(); `remote` is the attach id
  // once the end was returned in a 101 response (its traffic then goes to the edge).
  function newRecord(ws) {
    return {
      ws, peer: null, accepted: false, remote: 0, released: false,
      closedOutgoing: false, closedIncoming: false, errored: false, queue: [], draining: false,
      binaryType: native.wsBlobDefault ? "blob" : "arraybuffer",
    };
  }

  // A listener that throws stops the event's other listeners and breaks the socket, as in
  // workerd: this end gets an "error" event and is CLOSED, the peer sees a disconnect (1006 for
  // a local peer; the edge's client gets 1011). The exception is reported (EventTarget logs it).
  function wrap(cb) {
    if (cb === null || (typeof cb !== "object" && typeof cb !== "function")) return cb;
    let w = wrappers.get(cb);
    if (w === undefined) {
      w = function (event) {
        try {
          return typeof cb === "function" ? Reflect.apply(cb, this, [event]) : cb.handleEvent(event);
        } catch (e) {
          if (event === delivering) {
            event.stopImmediatePropagation();
            fail(recOf(this), e);
          }
          throw e;
        }
      };
      wrappers.set(cb, w);
    }
    return w;
  }

  function fail(rec, error) {
    if (rec.errored) return;
    rec.errored = true;
    rec.queue.length = 0;
    const peer = rec.peer;
    if (peer.remote) {
      native.wsClose(peer.remote, 1011, "Worker threw an exception");
      remotes.delete(peer.remote);
    }
    later(() => {
      const ev = new Event("error");
      const message = "Uncaught " + (error && error.name ? `${error.name}: ${error.message}` : String(error));
      Object.defineProperties(ev, { message: { value: message, enumerable: true }, error: { value: error, enumerable: true } });
      rec.ws.dispatchEvent(ev);
      if (!peer.remote && !peer.closedIncoming) {
        peer.queue.push({ type: "error" });
        if (peer.accepted) schedule(peer);
      }
    });
  }

  function copyBytes(data) {
    if (data instanceof ArrayBuffer) return data.slice(0);
    if (ArrayBuffer.isView(data)) return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    return null;
  }

  // Something `rec`'s end sent arrives at its peer: over the edge, or queued for the local peer.
  function transmit(rec, event) {
    const to = rec.peer;
    if (to.remote) {
      if (event.type === "message") native.wsSend(to.remote, event.data);
      else if (event.type === "close") native.wsClose(to.remote, event.code, event.reason);
      return;
    }
    to.queue.push(event);
    if (to.accepted) schedule(to);
  }

  function schedule(rec) {
    if (rec.draining) return;
    rec.draining = true;
    later(() => { rec.draining = false; drain(rec); });
  }

  function drain(rec) {
    while (rec.queue.length && rec.accepted) deliver(rec, rec.queue.shift());
  }

  function deliver(rec, event) {
    if (rec.closedIncoming || rec.errored) return;
    const ev = toEvent(rec, event);
    const outer = delivering;
    delivering = ev;
    try {
      rec.ws.dispatchEvent(ev);
    } finally {
      delivering = outer;
    }
  }

  function toEvent(rec, event) {
    if (event.type === "message") {
      let data = event.data;
      if (typeof data !== "string" && rec.binaryType === "blob" && typeof Blob === "function") data = new Blob([data]);
      return new MessageEvent("message", { data });
    }
    // A close is not answered automatically: the receiver replies with its own close() (workerd
    // at the compatibility dates Hearth targets); until then it may still send (half-closed).
    rec.closedIncoming = true;
    if (event.type === "close") return new CloseEvent("close", { code: event.code, reason: event.reason, wasClean: event.wasClean });
    return new CloseEvent("close", { code: 1006, reason: DISCONNECTED, wasClean: false });
  }

  class WebSocket extends EventTarget {
    #rec;
    constructor(url, protocols) {
      if (url !== TOKEN) {
        if (typeof url !== "string") throw new TypeError("Failed to construct 'WebSocket': constructor parameter 1 is not of type 'string'.");
        let scheme;
        try { scheme = new URL(url).protocol; } catch { throw new DOMException("WebSocket Constructor: The url is invalid.", "SyntaxError"); }
        if (scheme !== "ws:" && scheme !== "wss:") throw new DOMException("WebSocket Constructor: The url scheme must be ws or wss.", "SyntaxError");
        throw new TypeError("new WebSocket(url) (an outbound WebSocket) is not supported by Hearth; only WebSockets a Worker accepts through the edge are");
      }
      super();
      this.#rec = newRecord(this);
    }
    static { recOf = (ws) => ws.#rec; }
    static get READY_STATE_CONNECTING() { return CONNECTING; }
    static get READY_STATE_OPEN() { return OPEN; }
    static get READY_STATE_CLOSING() { return CLOSING; }
    static get READY_STATE_CLOSED() { return CLOSED; }
    static get CONNECTING() { return CONNECTING; }
    static get OPEN() { return OPEN; }
    static get CLOSING() { return CLOSING; }
    static get CLOSED() { return CLOSED; }
    get readyState() {
      const r = this.#rec;
      if ((r.closedIncoming && r.closedOutgoing) || r.errored) return CLOSED;
      if (r.closedIncoming || r.closedOutgoing) return CLOSING;
      return OPEN;
    }
    get url() { this.#rec; return null; }
    get protocol() { this.#rec; return ""; }
    get extensions() { this.#rec; return ""; }
    get bufferedAmount() { this.#rec; return 0; }
    get binaryType() { return this.#rec.binaryType; }
    set binaryType(v) {
      v = String(v);
      if (v === "blob" || v === "arraybuffer") this.#rec.binaryType = v;
    }
    addEventListener(type, listener, options) {
      this.#rec;
      if (arguments.length < 2) throw new TypeError("addEventListener: 2 arguments required");
      return super.addEventListener(type, wrap(listener), options);
    }
    removeEventListener(type, listener, options) {
      this.#rec;
      if (arguments.length < 2) throw new TypeError("removeEventListener: 2 arguments required");
      const w = listener !== null && (typeof listener === "object" || typeof listener === "function") ? wrappers.get(listener) : undefined;
      return super.removeEventListener(type, w === undefined ? listener : w, options);
    }
    accept() {
      const r = this.#rec;
      if (r.released) throw new TypeError("Can't accept() WebSocket that was already used in a response.");
      if (r.accepted) return;
      r.accepted = true;
      if (r.queue.length) schedule(r);
    }
    send(message) {
      const r = this.#rec;
      if (arguments.length < 1) throw new TypeError("Failed to execute 'send' on 'WebSocket': parameter 1 is not of type 'ArrayBuffer or ArrayBufferView or string'.");
      if (r.closedOutgoing) throw new TypeError("Can't call WebSocket send() after close().");
      if (r.released || r.errored) return;
      if (!r.accepted) throw new TypeError(ERR_ACCEPT);
      let data = copyBytes(message);
      if (data === null) data = String(message);
      transmit(r, { type: "message", data });
    }
    close(code, reason) {
      const r = this.#rec;
      if (r.closedOutgoing || r.released || r.errored) return;
      if (!r.accepted) throw new TypeError(ERR_ACCEPT);
      if (code !== undefined) {
        // WebIDL `long`: NaN and null are 0, fractions truncate.
        const n = Number(code);
        code = Number.isFinite(n) ? Math.trunc(n) : 0;
        if (!(code >= 1000 && code < 5000) || code === 1004 || code === 1005 || code === 1006 || code === 1015) {
          throw new DOMException(`Invalid WebSocket close code: ${code}.`, INVALID_ACCESS);
        }
      }
      if (reason !== undefined) {
        if (code === undefined) throw new DOMException("If you specify a WebSocket close reason, you must also specify a code.", INVALID_ACCESS);
        reason = String(reason);
      }
      r.closedOutgoing = true;
      transmit(r, { type: "close", code: code === undefined ? 1005 : code, reason: reason === undefined ? "" : reason, wasClean: true });
    }
    serializeAttachment() {
      throw new TypeError("serializeAttachment() belongs to the WebSocket Hibernation API, which Hearth does not support");
    }
    deserializeAttachment() {
      throw new TypeError("deserializeAttachment() belongs to the WebSocket Hibernation API, which Hearth does not support");
    }
    get [Symbol.toStringTag]() { return "WebSocket"; }
  }

  class WebSocketPair {
    constructor() {
      const a = new WebSocket(TOKEN);
      const b = new WebSocket(TOKEN);
      recOf(a).peer = recOf(b);
      recOf(b).peer = recOf(a);
      Object.defineProperty(this, 0, { value: a, enumerable: true, writable: false, configurable: false });
      Object.defineProperty(this, 1, { value: b, enumerable: true, writable: false, configurable: false });
    }
    get [Symbol.toStringTag]() { return "WebSocketPair"; }
  }

  // The client end of a 101 response: checked, given an id, and its pending traffic forwarded.
  function attach(ws) {
    if (!(ws instanceof WebSocket)) throw new TypeError("Failed to construct 'Response': webSocket must be a WebSocket");
    const r = recOf(ws);
    if (r.released) throw new TypeError("Can't return WebSocket in a Response if it was already used in another Response.");
    if (r.accepted) throw new TypeError("Can't return WebSocket in a Response after calling accept().");
    r.released = true;
    r.remote = native.wsOpen();
    remotes.set(r.remote, r);
    // What the server end sent before the response was returned.
    for (const event of r.queue.splice(0)) {
      if (event.type === "message") native.wsSend(r.remote, event.data);
      else if (event.type === "close") { native.wsClose(r.remote, event.code, event.reason); break; }
    }
    return r.remote;
  }

  // The Worker's end of an outbound WebSocket (`fetch` with `Upgrade: websocket`): a pair whose
  // far end stands for the server, already handed to Rust under `id`. Like workerd's, it must be
  // accept()ed before use.
  function outbound(id) {
    const mine = new WebSocket(TOKEN);
    const far = new WebSocket(TOKEN);
    const r = recOf(far);
    recOf(mine).peer = r;
    r.peer = recOf(mine);
    r.released = true;
    r.remote = id;
    remotes.set(id, r);
    return mine;
  }

  // A frame from the other side (the edge's client, an outbound socket's server, a called
  // Worker), as if the far end had sent it: kind 0 text, 1 binary, 2 close (code, reason),
  // 3 disconnected without a close.
  function fromEdge(id, kind, data, reason) {
    const r = remotes.get(id);
    if (r === undefined) return;
    const server = r.peer;
    let event;
    if (kind === 0 || kind === 1) event = { type: "message", data };
    else if (kind === 2) { event = { type: "close", code: data, reason, wasClean: true }; remotes.delete(id); }
    else { event = { type: "error" }; remotes.delete(id); }
    if (server.remote) {
      // Both ends are remote: the Worker passed a socket on (e.g. `return env.SVC.fetch(request)`
      // to the edge), so frames go straight through.
      if (event.type === "message") native.wsSend(server.remote, data);
      else if (event.type === "close") native.wsClose(server.remote, data, reason);
      else native.wsAbort(server.remote);
      return;
    }
    if (server.closedIncoming) return;
    server.queue.push(event);
    // Delivered now, so the handler's CPU time is charged to this event's budget.
    if (server.accepted && !server.draining) drain(server);
  }

  return { WebSocket, WebSocketPair, CloseEvent, attach, outbound, fromEdge };
})
