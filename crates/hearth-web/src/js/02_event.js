// DOM events without a DOM (https://dom.spec.whatwg.org/#events): Event, CustomEvent,
// EventTarget, AbortController / AbortSignal, and reportError. There is no tree, so dispatch
// reaches only the target itself (capture/bubble options are accepted and ignored).
(function (globalThis) {
  "use strict";

  const { TypeError, Object, Symbol } = globalThis;
  const INTERNAL = {};
  const WeakRefCtor = globalThis.WeakRef;
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";

  // ---- Event ----------------------------------------------------------------------------------

  let ev, isEvent;
  class Event {
    #e;
    static {
      ev = (o, what) => {
        if (isObject(o) && #e in o) return o.#e;
        throw new TypeError(`${what}: 'this' is not an Event`);
      };
      isEvent = (o) => isObject(o) && #e in o;
    }
    constructor(type, eventInitDict = undefined) {
      if (arguments.length === 0) throw new TypeError("Event: the type argument is required");
      const init = eventInitDict === undefined || eventInitDict === null ? {} : eventInitDict;
      if (!isObject(init)) throw new TypeError("Event: eventInitDict must be an object");
      this.#e = {
        type: String(type),
        bubbles: !!init.bubbles,
        cancelable: !!init.cancelable,
        composed: !!init.composed,
        target: null,
        currentTarget: null,
        phase: 0,
        stop: false,
        stopImmediate: false,
        canceled: false,
        inPassiveListener: false,
        dispatching: false,
        initialized: true,
        isTrusted: false,
        timeStamp: typeof globalThis.performance?.now === "function" ? globalThis.performance.now() : Date.now(),
      };
      Object.defineProperty(this, "isTrusted", { get: isTrustedGetter, enumerable: true });
    }
    get type() {
      return ev(this, "type").type;
    }
    get target() {
      return ev(this, "target").target;
    }
    get srcElement() {
      return ev(this, "srcElement").target;
    }
    get currentTarget() {
      return ev(this, "currentTarget").currentTarget;
    }
    composedPath() {
      const e = ev(this, "composedPath");
      return e.currentTarget ? [e.currentTarget] : [];
    }
    get eventPhase() {
      return ev(this, "eventPhase").phase;
    }
    stopPropagation() {
      ev(this, "stopPropagation").stop = true;
    }
    get cancelBubble() {
      return ev(this, "cancelBubble").stop;
    }
    set cancelBubble(v) {
      if (v) ev(this, "cancelBubble").stop = true;
    }
    stopImmediatePropagation() {
      const e = ev(this, "stopImmediatePropagation");
      e.stop = e.stopImmediate = true;
    }
    get bubbles() {
      return ev(this, "bubbles").bubbles;
    }
    get cancelable() {
      return ev(this, "cancelable").cancelable;
    }
    get returnValue() {
      return !ev(this, "returnValue").canceled;
    }
    set returnValue(v) {
      if (!v) setCanceled(ev(this, "returnValue"));
    }
    preventDefault() {
      setCanceled(ev(this, "preventDefault"));
    }
    get defaultPrevented() {
      return ev(this, "defaultPrevented").canceled;
    }
    get composed() {
      return ev(this, "composed").composed;
    }
    get timeStamp() {
      return ev(this, "timeStamp").timeStamp;
    }
    initEvent(type, bubbles = false, cancelable = false) {
      const e = ev(this, "initEvent");
      if (e.dispatching) return;
      e.type = String(type);
      e.bubbles = !!bubbles;
      e.cancelable = !!cancelable;
      e.stop = e.stopImmediate = e.canceled = false;
      e.target = null;
    }
  }
  function isTrustedGetter() {
    return ev(this, "isTrusted").isTrusted;
  }
  function setCanceled(e) {
    if (e.cancelable && !e.inPassiveListener) e.canceled = true;
  }
  const phases = { NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 };
  for (const k in phases) {
    Object.defineProperty(Event, k, { value: phases[k], enumerable: true });
    Object.defineProperty(Event.prototype, k, { value: phases[k], enumerable: true });
  }

  let customDetail;
  class CustomEvent extends Event {
    #detail;
    static {
      customDetail = (o) => {
        if (isObject(o) && #detail in o) return o.#detail;
        throw new TypeError("'this' is not a CustomEvent");
      };
    }
    constructor(type, eventInitDict = undefined) {
      if (arguments.length === 0) throw new TypeError("CustomEvent: the type argument is required");
      super(type, eventInitDict);
      const init = eventInitDict === undefined || eventInitDict === null ? {} : eventInitDict;
      this.#detail = init.detail === undefined ? null : init.detail;
    }
    get detail() {
      return customDetail(this);
    }
    initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
      this.initEvent(type, bubbles, cancelable);
    }
  }

  // ---- EventTarget ----------------------------------------------------------------------------

  function flattenOptions(options) {
    if (isObject(options)) return !!options.capture;
    return !!options;
  }

  let listenersOf;
  class EventTarget {
    #listeners = new Map();
    static {
      listenersOf = (o, what) => {
        if (o === undefined || o === null) o = globalThis;
        if (isObject(o) && #listeners in o) return o.#listeners;
        throw new TypeError(`${what}: 'this' is not an EventTarget`);
      };
    }
    addEventListener(type, callback, options = undefined) {
      const map = listenersOf(this, "addEventListener");
      if (arguments.length < 2) throw new TypeError("addEventListener: 2 arguments required");
      if (callback === null || callback === undefined) return;
      if (!isObject(callback)) throw new TypeError("addEventListener: the listener must be an object or function");
      type = String(type);
      const capture = flattenOptions(options);
      let once = false;
      let passive = false;
      let signal;
      if (isObject(options)) {
        once = !!options.once;
        passive = !!options.passive;
        signal = options.signal;
        if (signal !== undefined && !isAbortSignal(signal)) {
          throw new TypeError("addEventListener: options.signal must be an AbortSignal");
        }
      }
      if (signal !== undefined && signalState(signal).aborted) return;
      let list = map.get(type);
      if (!list) map.set(type, (list = []));
      for (const l of list) if (l.callback === callback && l.capture === capture) return;
      const listener = { callback, capture, once, passive, removed: false };
      list.push(listener);
      if (signal !== undefined) {
        // Removing the listener removes this algorithm too, so a long-lived signal does not
        // accumulate one per listener ever added.
        const algorithm = () => removeListener(map, type, listener);
        listener.signal = signal;
        listener.abortAlgorithm = algorithm;
        addAlgorithm(signal, algorithm);
      }
    }
    removeEventListener(type, callback, options = undefined) {
      const map = listenersOf(this, "removeEventListener");
      if (arguments.length < 2) throw new TypeError("removeEventListener: 2 arguments required");
      const list = map.get(String(type));
      if (!list) return;
      const capture = flattenOptions(options);
      for (const l of list) {
        if (l.callback === callback && l.capture === capture) {
          removeListener(map, String(type), l);
          return;
        }
      }
    }
    dispatchEvent(event) {
      const map = listenersOf(this, "dispatchEvent");
      if (!isEvent(event)) throw new TypeError("dispatchEvent: argument must be an Event");
      const e = ev(event, "dispatchEvent");
      if (e.dispatching || !e.initialized) {
        throw new (globalThis.DOMException || Error)("the event is already being dispatched", "InvalidStateError");
      }
      return dispatch(this === undefined || this === null ? globalThis : this, map, event, e, false);
    }
  }

  function removeListener(map, type, listener) {
    const list = map.get(type);
    if (!list) return;
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
    listener.removed = true;
    if (listener.abortAlgorithm !== undefined) {
      const algorithms = signalState(listener.signal).algorithms;
      const j = algorithms.indexOf(listener.abortAlgorithm);
      if (j >= 0) algorithms.splice(j, 1);
      listener.abortAlgorithm = undefined;
    }
  }

  function dispatch(target, map, event, e, trusted) {
    e.isTrusted = trusted;
    e.dispatching = true;
    e.target = target;
    e.currentTarget = target;
    e.phase = 2;
    const list = map.get(e.type);
    if (list && !e.stop) {
      for (const l of list.slice()) {
        if (l.removed) continue;
        if (l.once) removeListener(map, e.type, l);
        let fn = l.callback;
        let thisArg = target;
        if (typeof fn !== "function") {
          thisArg = fn;
          fn = fn.handleEvent;
          if (typeof fn !== "function") {
            report(new TypeError("the listener's handleEvent is not callable"));
            continue;
          }
        }
        if (l.passive) e.inPassiveListener = true;
        try {
          Reflect.apply(fn, thisArg, [event]);
        } catch (err) {
          report(err);
        }
        e.inPassiveListener = false;
        if (e.stopImmediate) break;
      }
    }
    e.phase = 0;
    e.currentTarget = null;
    e.dispatching = false;
    e.stop = e.stopImmediate = false;
    return !e.canceled;
  }

  // reportError: an "error" event at the global scope if it is an EventTarget, else the console.
  function report(error) {
    if (typeof globalThis.dispatchEvent === "function" && globalThis.EventTarget && globalThis instanceof EventTarget) {
      const ErrorEvent = globalThis.ErrorEvent;
      if (typeof ErrorEvent === "function") {
        globalThis.dispatchEvent(new ErrorEvent("error", { error, message: String(error) }));
        return;
      }
    }
    const c = globalThis.console;
    if (c && typeof c.error === "function") c.error("Uncaught", error);
  }

  function reportError(e) {
    if (arguments.length === 0) throw new TypeError("reportError: 1 argument required");
    report(e);
  }

  // ---- AbortSignal / AbortController ----------------------------------------------------------

  let signalState, isAbortSignal;
  function newAbortError() {
    return new globalThis.DOMException("This operation was aborted", "AbortError");
  }

  class AbortSignal extends EventTarget {
    #st;
    static {
      signalState = (o, what = "AbortSignal") => {
        if (isObject(o) && #st in o) return o.#st;
        throw new TypeError(`${what}: 'this' is not an AbortSignal`);
      };
      isAbortSignal = (o) => isObject(o) && #st in o;
    }
    constructor(key = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
      super();
      this.#st = {
        aborted: false,
        reason: undefined,
        algorithms: [],
        onabort: null,
        dependent: false,
        sources: [],
        dependents: [],
      };
    }
    static abort(reason = undefined) {
      const s = new AbortSignal(INTERNAL);
      const st = signalState(s);
      st.aborted = true;
      st.reason = reason === undefined ? newAbortError() : reason;
      return s;
    }
    static timeout(milliseconds) {
      const ms = Number(milliseconds);
      if (!Number.isFinite(ms) || ms < 0) throw new TypeError("AbortSignal.timeout: milliseconds out of range");
      const setTimeout = globalThis.setTimeout;
      if (typeof setTimeout !== "function") throw new TypeError("AbortSignal.timeout needs setTimeout");
      const s = new AbortSignal(INTERNAL);
      setTimeout(() => {
        signalAbort(s, new globalThis.DOMException("The operation timed out", "TimeoutError"));
      }, ms);
      return s;
    }
    static any(signals) {
      const list = [];
      for (const x of signals) {
        if (!isAbortSignal(x)) throw new TypeError("AbortSignal.any: every element must be an AbortSignal");
        list.push(x);
      }
      const result = new AbortSignal(INTERNAL);
      const rs = signalState(result);
      for (const s of list) {
        const st = signalState(s);
        if (st.aborted) {
          rs.aborted = true;
          rs.reason = st.reason;
          return result;
        }
      }
      rs.dependent = true;
      for (const s of list) {
        const st = signalState(s);
        if (!st.dependent) {
          addSource(rs, st, s, result);
        } else {
          for (const source of st.sources) addSource(rs, signalState(source), source, result);
        }
      }
      return result;
    }
    get aborted() {
      return signalState(this).aborted;
    }
    get reason() {
      return signalState(this).reason;
    }
    throwIfAborted() {
      const st = signalState(this);
      if (st.aborted) throw st.reason;
    }
    get onabort() {
      return signalState(this).onabort;
    }
    set onabort(handler) {
      const st = signalState(this);
      if (st.onabort) this.removeEventListener("abort", st.onabortListener);
      st.onabort = typeof handler === "function" || isObject(handler) ? handler : null;
      if (st.onabort) {
        const h = st.onabort;
        st.onabortListener = function (event) {
          return typeof h === "function" ? Reflect.apply(h, this, [event]) : undefined;
        };
        this.addEventListener("abort", st.onabortListener);
      }
    }
  }

  function addSource(rs, st, source, result) {
    if (rs.sources.includes(source)) return;
    rs.sources.push(source);
    // Dependents are held weakly (as the standard says): a long-lived source signal must not keep
    // every AbortSignal.any() result made from it alive. Dead entries are dropped as new ones come.
    if (WeakRefCtor !== undefined) {
      st.dependents = st.dependents.filter((ref) => ref.deref() !== undefined);
      st.dependents.push(new WeakRefCtor(result));
    } else {
      st.dependents.push(result);
    }
  }

  function addAlgorithm(signal, algorithm) {
    const st = signalState(signal);
    if (st.aborted) return;
    st.algorithms.push(algorithm);
  }

  function signalAbort(signal, reason) {
    const st = signalState(signal);
    if (st.aborted) return;
    st.aborted = true;
    st.reason = reason === undefined ? newAbortError() : reason;
    const toRun = [];
    for (const ref of st.dependents) {
      const d = WeakRefCtor !== undefined ? ref.deref() : ref;
      if (d === undefined) continue;
      const ds = signalState(d);
      if (!ds.aborted) {
        ds.aborted = true;
        ds.reason = st.reason;
        toRun.push(d);
      }
    }
    runAbortSteps(signal);
    for (const d of toRun) runAbortSteps(d);
  }

  function runAbortSteps(signal) {
    const st = signalState(signal);
    const algorithms = st.algorithms;
    st.algorithms = [];
    for (const a of algorithms) a();
    const event = new Event("abort");
    dispatch(signal, listenersOf(signal, "abort"), event, ev(event, "abort"), true);
  }

  let controllerSignal;
  class AbortController {
    #signal = new AbortSignal(INTERNAL);
    static {
      controllerSignal = (o, what) => {
        if (isObject(o) && #signal in o) return o.#signal;
        throw new TypeError(`${what}: 'this' is not an AbortController`);
      };
    }
    get signal() {
      return controllerSignal(this, "signal");
    }
    abort(reason = undefined) {
      signalAbort(controllerSignal(this, "abort"), reason);
    }
  }

  return { Event, CustomEvent, EventTarget, AbortSignal, AbortController, reportError };
});
