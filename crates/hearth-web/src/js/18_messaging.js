// ErrorEvent, MessageEvent, MessageChannel and MessagePort
// (https://html.spec.whatwg.org/multipage/web-messaging.html). A port's messages are
// structuredClone'd when posted and dispatched at the entangled port as MessageEvents from a
// microtask, once that port is started: by start(), by setting onmessage, or (as in workerd) by
// adding a "message" listener. Closing either port disentangles both; messages already posted
// are still delivered.
(function (globalThis) {
  "use strict";

  const { TypeError, Object, String, Number, Promise, Reflect } = globalThis;
  const { Event, EventTarget } = globalThis;
  const INTERNAL = {};
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";
  const toWellFormed = String.prototype.toWellFormed;
  const usv = (v) => toWellFormed.call(String(v));
  const uint32 = (v) => Number(v) >>> 0;
  const initDict = (init, what) => {
    if (init === undefined || init === null) return {};
    if (!isObject(init)) throw new TypeError(`${what}: eventInitDict must be an object`);
    return init;
  };

  let errorState;
  class ErrorEvent extends Event {
    #s;
    static {
      errorState = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`ErrorEvent.${what}: 'this' is not an ErrorEvent`);
      };
    }
    constructor(type, eventInitDict = undefined) {
      if (arguments.length === 0) throw new TypeError("ErrorEvent: the type argument is required");
      super(type, eventInitDict);
      const init = initDict(eventInitDict, "ErrorEvent");
      this.#s = {
        message: init.message === undefined ? "" : String(init.message),
        filename: init.filename === undefined ? "" : usv(init.filename),
        lineno: init.lineno === undefined ? 0 : uint32(init.lineno),
        colno: init.colno === undefined ? 0 : uint32(init.colno),
        error: init.error === undefined ? null : init.error,
      };
    }
    get filename() {
      return errorState(this, "filename").filename;
    }
    get message() {
      return errorState(this, "message").message;
    }
    get lineno() {
      return errorState(this, "lineno").lineno;
    }
    get colno() {
      return errorState(this, "colno").colno;
    }
    get error() {
      return errorState(this, "error").error;
    }
  }

  let messageState;
  class MessageEvent extends Event {
    #s;
    static {
      messageState = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`MessageEvent.${what}: 'this' is not a MessageEvent`);
      };
    }
    constructor(type, eventInitDict = undefined) {
      if (arguments.length === 0) throw new TypeError("MessageEvent: the type argument is required");
      super(type, eventInitDict);
      const init = initDict(eventInitDict, "MessageEvent");
      const ports = init.ports === undefined ? [] : Array.from(init.ports);
      for (const p of ports) {
        if (!isPort(p)) throw new TypeError("MessageEvent: ports must be MessagePorts");
      }
      this.#s = {
        data: init.data === undefined ? null : init.data,
        origin: init.origin === undefined ? "" : usv(init.origin),
        lastEventId: init.lastEventId === undefined ? "" : String(init.lastEventId),
        source: init.source === undefined ? null : init.source,
        ports: Object.freeze(ports),
      };
    }
    get data() {
      return messageState(this, "data").data;
    }
    get origin() {
      return messageState(this, "origin").origin;
    }
    get lastEventId() {
      return messageState(this, "lastEventId").lastEventId;
    }
    get source() {
      return messageState(this, "source").source;
    }
    get ports() {
      return messageState(this, "ports").ports;
    }
  }

  let portState, isPort;
  class MessagePort extends EventTarget {
    #s;
    static {
      portState = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`MessagePort.${what}: 'this' is not a MessagePort`);
      };
      isPort = (o) => isObject(o) && #s in o;
    }
    constructor(key = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
      super();
      this.#s = { port: this, other: null, started: false, closed: false, queue: [], scheduled: false, onmessage: null, listener: null };
    }
    postMessage(message = undefined, transfer = undefined) {
      const s = portState(this, "postMessage");
      let options;
      if (Array.isArray(transfer)) options = { transfer };
      else if (isObject(transfer)) options = { transfer: transfer.transfer === undefined ? [] : transfer.transfer };
      const data = globalThis.structuredClone(message, options);
      const target = s.other;
      if (s.closed || target === null) return;
      target.queue.push(data);
      schedule(target);
    }
    start() {
      const s = portState(this, "start");
      if (s.started) return;
      s.started = true;
      schedule(s);
    }
    close() {
      const s = portState(this, "close");
      s.closed = true;
      s.queue = [];
      if (s.other !== null) s.other.other = null;
      s.other = null;
    }
    addEventListener(type, callback, options = undefined) {
      portState(this, "addEventListener");
      Reflect.apply(EventTarget.prototype.addEventListener, this, arguments);
      if (String(type) === "message" && callback !== null && callback !== undefined) this.start();
    }
    get onmessage() {
      return portState(this, "onmessage").onmessage;
    }
    set onmessage(handler) {
      const s = portState(this, "onmessage");
      if (s.listener !== null) EventTarget.prototype.removeEventListener.call(this, "message", s.listener);
      s.onmessage = isObject(handler) ? handler : null;
      s.listener = null;
      if (s.onmessage !== null) {
        const h = s.onmessage;
        s.listener = function (event) {
          return typeof h === "function" ? Reflect.apply(h, this, [event]) : undefined;
        };
        EventTarget.prototype.addEventListener.call(this, "message", s.listener);
        this.start();
      }
    }
  }

  // Dispatches a started port's queued messages from one microtask.
  function schedule(s) {
    if (!s.started || s.scheduled || s.queue.length === 0) return;
    s.scheduled = true;
    Promise.resolve().then(() => {
      s.scheduled = false;
      while (s.queue.length > 0 && !s.closed) {
        const data = s.queue.shift();
        s.port.dispatchEvent(new MessageEvent("message", { data }));
      }
    });
  }

  let channelPorts;
  class MessageChannel {
    #ports;
    static {
      channelPorts = (o, what) => {
        if (isObject(o) && #ports in o) return o.#ports;
        throw new TypeError(`MessageChannel.${what}: 'this' is not a MessageChannel`);
      };
    }
    constructor() {
      const port1 = new MessagePort(INTERNAL);
      const port2 = new MessagePort(INTERNAL);
      const s1 = portState(port1);
      const s2 = portState(port2);
      s1.other = s2;
      s2.other = s1;
      this.#ports = [port1, port2];
    }
    get port1() {
      return channelPorts(this, "port1")[0];
    }
    get port2() {
      return channelPorts(this, "port2")[1];
    }
  }

  return { ErrorEvent, MessageEvent, MessageChannel, MessagePort };
});
