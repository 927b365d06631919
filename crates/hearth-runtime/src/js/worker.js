// Handler dispatch: the ExecutionContext (`ctx`), service-worker events, WorkerEntrypoint classes,
// service-binding objects and CommonJS `require` over the uploaded modules.
(function (native, internal) {
  "use strict";
  let waitsOf, passThroughOf;
  class ExecutionContext {
    #waits = [];
    #passThrough = false;
    waitUntil(promise) {
      const p = Promise.resolve(promise);
      p.catch(() => {}); // reported when drained, not as an unhandled rejection
      this.#waits.push(p);
    }
    passThroughOnException() {
      this.#passThrough = true;
    }
    get props() { return {}; }
    static {
      waitsOf = (c) => c.#waits;
      passThroughOf = (c) => c.#passThrough;
    }
  }
  // Promise rejections without a handler, reported after the current jobs have run.
  const rejections = new Map();
  let flushQueued = false;
  function flushRejections() {
    flushQueued = false;
    for (const reason of rejections.values()) native.log(4, "Uncaught (in promise) " + internal.inspect(reason));
    rejections.clear();
  }
  internal.trackRejection = (promise, reason, handled) => {
    if (handled) { rejections.delete(promise); return; }
    rejections.set(promise, reason);
    if (!flushQueued) { flushQueued = true; setTimeout(flushRejections, 0); }
  };
  internal.drainWaitUntil = async (ctx) => {
    const waits = waitsOf(ctx);
    while (waits.length) {
      for (const r of await Promise.allSettled(waits.splice(0))) {
        if (r.status === "rejected") internal.reportError(r.reason);
      }
    }
  };

  // ------------------------------------------------------------ service-worker syntax
  const listeners = new Map();
  let respondedOf;
  class FetchEvent {
    #request; #ctx; #response = null;
    constructor(request, ctx) { this.#request = request; this.#ctx = ctx; }
    get type() { return "fetch"; }
    get request() { return this.#request; }
    respondWith(r) {
      if (this.#response !== null) throw new DOMExceptionOrError("FetchEvent.respondWith() has already been called; it can only be called once.", "InvalidStateError");
      this.#response = Promise.resolve(r);
    }
    waitUntil(p) { this.#ctx.waitUntil(p); }
    passThroughOnException() { this.#ctx.passThroughOnException(); }
    static { respondedOf = (e) => e.#response; }
  }
  function DOMExceptionOrError(msg, name) {
    if (typeof DOMException === "function") return new DOMException(msg, name);
    const e = new Error(msg); e.name = name; return e;
  }
  function addEventListener(type, listener) {
    if (typeof listener !== "function" && !(listener && typeof listener.handleEvent === "function")) return;
    type = String(type);
    if (!listeners.has(type)) listeners.set(type, []);
    listeners.get(type).push(listener);
  }
  function removeEventListener(type, listener) {
    const l = listeners.get(String(type));
    if (l) { const i = l.indexOf(listener); if (i >= 0) l.splice(i, 1); }
  }
  async function dispatchFetchEvent(request, ctx) {
    const event = new FetchEvent(request, ctx);
    for (const l of listeners.get("fetch") || []) {
      if (typeof l === "function") l.call(globalThis, event); else l.handleEvent(event);
    }
    const r = respondedOf(event);
    if (r === null) throw new Error("No fetch event listener called respondWith(); the script will never generate a response.");
    return await r;
  }
  internal.installServiceWorkerGlobals = () => {
    for (const [name, value] of [["addEventListener", addEventListener], ["removeEventListener", removeEventListener], ["FetchEvent", FetchEvent]]) {
      Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
    }
  };

  // ------------------------------------------------------------ cloudflare:workers classes
  class WorkerEntrypoint {
    constructor(ctx, env) { this.ctx = ctx; this.env = env; }
  }
  class DurableObject {
    constructor(ctx, env) { this.ctx = ctx; this.env = env; }
  }
  class WorkflowEntrypoint {
    constructor(ctx, env) { this.ctx = ctx; this.env = env; }
  }
  class RpcTarget {}

  // ------------------------------------------------------------ dispatch
  // `target`: null for service workers, a WorkerEntrypoint subclass, or the default-export object.
  function entrypointTarget(target, entrypoint) {
    if (entrypoint === undefined || entrypoint === null) return target;
    const named = internal.namespace ? internal.namespace[entrypoint] : undefined;
    if (named === undefined || named === null) throw new TypeError(`Worker has no entrypoint named "${entrypoint}"`);
    return named;
  }
  internal.dispatchFetch = async (target, method, url, head, handle, env, entrypoint, cf) => {
    const request = internal.incomingRequest(method, url, head, handle, cf);
    const ctx = new ExecutionContext();
    target = entrypointTarget(target, entrypoint);
    let response;
    try {
      if (target === null) {
        response = await dispatchFetchEvent(request, ctx);
      } else if (typeof target === "function") {
        const instance = new target(ctx, env);
        if (typeof instance.fetch !== "function") throw new TypeError("Handler does not export a fetch() function.");
        response = await instance.fetch(request);
      } else {
        if (typeof target.fetch !== "function") throw new TypeError("Handler does not export a fetch() function.");
        response = await target.fetch(request, env, ctx);
      }
    } catch (e) {
      if (passThroughOf(ctx)) native.log(3, "passThroughOnException(): no origin to pass through to; answering with an error");
      throw e;
    }
    if (!(response instanceof internal.Response)) {
      throw new TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
    }
    const out = internal.responseOut(response);
    out.push(waitsOf(ctx).length ? ctx : null);
    const ws = response.webSocket;
    if (ws === null || ws === undefined) {
      out.push(null);
    } else {
      if (String(request.headers.get("upgrade") || "").toLowerCase() !== "websocket") {
        throw new TypeError('Worker tried to return a WebSocket in a response to a request which did not contain the header "Upgrade: websocket".');
      }
      out.push(internal.wsAttach(ws)); // the id of the socket handed to the edge
    }
    return out;
  };
  // Cron triggers: returns [noRetry, ctx-with-waitUntil-work or null].
  class ScheduledController {
    #cron; #time; #noRetry = false;
    constructor(cron, time) { this.#cron = cron; this.#time = time; }
    get cron() { return this.#cron; }
    get scheduledTime() { return this.#time; }
    get type() { return "scheduled"; }
    noRetry() { this.#noRetry = true; }
    static { internal.noRetryOf = (c) => c.#noRetry; }
  }
  internal.dispatchScheduled = async (target, cron, time, env) => {
    const ctx = new ExecutionContext();
    const controller = new ScheduledController(cron, time);
    if (target === null) {
      const event = { type: "scheduled", cron, scheduledTime: time, waitUntil: (p) => ctx.waitUntil(p), noRetry: () => controller.noRetry() };
      const ls = listeners.get("scheduled") || [];
      if (!ls.length) throw new TypeError("Handler does not export a scheduled() function.");
      for (const l of ls) {
        if (typeof l === "function") l.call(globalThis, event); else l.handleEvent(event);
      }
    } else if (typeof target === "function") {
      const instance = new target(ctx, env);
      if (typeof instance.scheduled !== "function") throw new TypeError("Handler does not export a scheduled() function.");
      await instance.scheduled(controller);
    } else {
      if (typeof target.scheduled !== "function") throw new TypeError("Handler does not export a scheduled() function.");
      await target.scheduled(controller, env, ctx);
    }
    return [internal.noRetryOf(controller), waitsOf(ctx).length ? ctx : null];
  };
  const HANDLERS = ["fetch", "scheduled", "queue", "tail", "trace", "email", "test", "alarm", "webSocketMessage", "webSocketClose", "webSocketError"];
  internal.handlersOf = (target) => {
    if (target === null) return [...listeners.keys()].filter((k) => (listeners.get(k) || []).length);
    const names = new Set();
    if (typeof target === "function") {
      for (let p = target.prototype; p && p !== Object.prototype && p !== WorkerEntrypoint.prototype; p = Object.getPrototypeOf(p)) {
        for (const k of Object.getOwnPropertyNames(p)) if (k !== "constructor" && typeof p[k] === "function") names.add(k);
      }
    } else if (target && typeof target === "object") {
      for (let p = target; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
        for (const k of Object.getOwnPropertyNames(p)) if (typeof target[k] === "function") names.add(k);
      }
    }
    return [...names].filter((n) => HANDLERS.includes(n));
  };
  internal.isEntrypointClass = (v) => typeof v === "function" && v.prototype instanceof WorkerEntrypoint;

  // ------------------------------------------------------------ service bindings
  internal.serviceBinding = (index) => {
    const send = (m, u, h, b, r) => native.serviceFetch(index, m, u, h, b, r);
    return {
      fetch(input, init) { return internal.sendRequest(new internal.Request(input, init), send); },
      connect() { throw new TypeError("connect() is not supported on service bindings yet"); },
    };
  };

  // ------------------------------------------------------------ dispatch namespaces
  internal.dispatchNamespace = (index) => ({
    get(name, args, options) {
      if (typeof name !== "string" || name === "") throw new TypeError("get() needs the name of a Worker in the namespace");
      const limits = (options && options.limits) || {};
      const cpuMs = Number(limits.cpuMs) || 0;
      const subRequests = Number(limits.subRequests) || 0;
      const outboundParams = options && options.outbound ? JSON.stringify(options.outbound) : "";
      const target = { index, script: name, cpuMs, subRequests, outboundParams };
      const send = (m, u, h, b, r) => native.dispatchFetch(target, m, u, h, b, r);
      return {
        fetch(input, init) { return internal.sendRequest(new internal.Request(input, init), send); },
        connect() { throw new TypeError("connect() is not supported on dispatch namespace Workers yet"); },
      };
    },
  });

  // ------------------------------------------------------------ CommonJS
  const cjs = new Map();
  function dirname(name) { const i = name.lastIndexOf("/"); return i < 0 ? "" : name.slice(0, i); }
  function load(name, kind) {
    const cached = cjs.get(name);
    if (cached) return cached.exports;
    switch (kind) {
      case "cjs": {
        const module = { exports: {}, id: name, filename: name, loaded: false };
        cjs.set(name, module);
        const factory = native.cjsFactory(name);
        factory.call(module.exports, module.exports, (spec) => requireFrom(name, spec), module, name, dirname(name));
        module.loaded = true;
        return module.exports;
      }
      case "text": return native.moduleText(name);
      case "json": return JSON.parse(native.moduleText(name));
      case "data": return native.dataModule(name);
      default: throw new Error(`require() of ES module "${name}" is not supported; use import`);
    }
  }
  function requireFrom(base, spec) {
    const [name, kind] = native.resolveModule(base, String(spec));
    return load(name, kind);
  }
  const registry = Object.freeze({
    load: (name) => load(name, "cjs"),
    data: (name) => native.dataModule(name),
    WorkerEntrypoint, DurableObject, WorkflowEntrypoint, RpcTarget,
    get env() { return internal.env; },
  });
  Object.defineProperty(globalThis, Symbol.for("hearth.modules"), { value: registry, enumerable: false, writable: false, configurable: false });
  if (!("self" in globalThis)) {
    Object.defineProperty(globalThis, "self", { value: globalThis, writable: true, configurable: true, enumerable: false });
  }
  if (!("navigator" in globalThis)) {
    Object.defineProperty(globalThis, "navigator", { value: Object.freeze({ userAgent: "Cloudflare-Workers" }), writable: true, configurable: true, enumerable: false });
  }
})
