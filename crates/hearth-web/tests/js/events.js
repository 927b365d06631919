// Events and errors: DOMException, Event, EventTarget, CustomEvent, AbortController/AbortSignal,
// reportError, structuredClone.

export function dom_exception() {
  const e = new DOMException("msg", "AbortError");
  assert(e instanceof DOMException);
  assert(e instanceof Error);
  assertEquals([e.name, e.message, e.code], ["AbortError", "msg", 20]);
  assertEquals(String(e), "AbortError: msg");
  assertEquals(new DOMException().name, "Error");
  assertEquals(new DOMException().code, 0);
  assertEquals(new DOMException("x", "DataCloneError").code, 25);
  assertEquals(new DOMException("x", "QuotaExceededError").code, DOMException.QUOTA_EXCEEDED_ERR);
  assertEquals(DOMException.INVALID_CHARACTER_ERR, 5);
  assertEquals(DOMException.prototype.ABORT_ERR, 20);
  assertEquals(Object.prototype.toString.call(e), "[object DOMException]");
  assertEquals(typeof e.stack, "string");
  assertThrows(() => Object.getOwnPropertyDescriptor(DOMException.prototype, "name").get.call({}), TypeError);
}

export function event_basics() {
  const ev = new Event("ping", { cancelable: true, bubbles: true });
  assertEquals([ev.type, ev.bubbles, ev.cancelable, ev.composed, ev.defaultPrevented], ["ping", true, true, false, false]);
  assertEquals(ev.isTrusted, false);
  assertEquals(ev.target, null);
  assertEquals(ev.eventPhase, Event.NONE);
  ev.preventDefault();
  assertEquals(ev.defaultPrevented, true);
  const nc = new Event("x");
  nc.preventDefault();
  assertEquals(nc.defaultPrevented, false, "not cancelable");
  assertThrows(() => new Event(), TypeError);
  assertThrows(() => new Event("x", 5), TypeError);
  assertEquals(typeof ev.timeStamp, "number");
}

export function event_target_dispatch() {
  const t = new EventTarget();
  const seen = [];
  const listener = (e) => seen.push(["fn", e.type, e.target === t, e.currentTarget === t, e.eventPhase]);
  t.addEventListener("a", listener);
  t.addEventListener("a", listener);
  t.addEventListener("a", { handleEvent(e) { seen.push(["obj", this !== t]); } });
  t.addEventListener("a", null);
  const ev = new Event("a");
  assertEquals(t.dispatchEvent(ev), true);
  assertEquals(seen, [["fn", "a", true, true, 2], ["obj", true]]);
  assertEquals(ev.currentTarget, null);
  assertEquals(ev.target, t);
  t.removeEventListener("a", listener);
  seen.length = 0;
  t.dispatchEvent(new Event("a"));
  assertEquals(seen, [["obj", true]]);
  assertThrows(() => t.dispatchEvent({ type: "a" }), TypeError);
  assertThrows(() => t.addEventListener("a"), TypeError);
  assertThrows(() => t.addEventListener("a", 5), TypeError);
}

export function listener_options() {
  const t = new EventTarget();
  let count = 0;
  t.addEventListener("x", () => count++, { once: true });
  t.dispatchEvent(new Event("x"));
  t.dispatchEvent(new Event("x"));
  assertEquals(count, 1);
  const ac = new AbortController();
  t.addEventListener("y", () => count++, { signal: ac.signal });
  t.dispatchEvent(new Event("y"));
  ac.abort();
  t.dispatchEvent(new Event("y"));
  assertEquals(count, 2);
  t.addEventListener("z", () => count++, { signal: AbortSignal.abort() });
  t.dispatchEvent(new Event("z"));
  assertEquals(count, 2, "an aborted signal adds nothing");
  const f = () => count++;
  t.addEventListener("c", f, { capture: true });
  t.removeEventListener("c", f);
  t.dispatchEvent(new Event("c"));
  assertEquals(count, 3, "capture is part of the listener's identity");
  t.removeEventListener("c", f, true);
  t.dispatchEvent(new Event("c"));
  assertEquals(count, 3);
  t.addEventListener("p", (e) => e.preventDefault(), { passive: true });
  const pe = new Event("p", { cancelable: true });
  assertEquals(t.dispatchEvent(pe), true, "passive listeners cannot cancel");
  assertThrows(() => t.addEventListener("q", f, { signal: {} }), TypeError);
}

export function stop_immediate_and_cancel() {
  const t = new EventTarget();
  const seen = [];
  t.addEventListener("s", (e) => {
    seen.push(1);
    e.stopImmediatePropagation();
    e.preventDefault();
  });
  t.addEventListener("s", () => seen.push(2));
  assertEquals(t.dispatchEvent(new Event("s", { cancelable: true })), false);
  assertEquals(seen, [1]);
}

export function listener_errors_are_reported_not_thrown() {
  const t = new EventTarget();
  const reported = [];
  const saved = globalThis.console;
  globalThis.console = { error: (...a) => reported.push(a[1]) };
  try {
    let after = false;
    t.addEventListener("e", () => {
      throw new Error("listener");
    });
    t.addEventListener("e", () => (after = true));
    t.dispatchEvent(new Event("e"));
    assert(after, "later listeners still run");
    reportError(new RangeError("r"));
  } finally {
    globalThis.console = saved;
  }
  // The listener's error goes to console.error; reportError's report goes there too in a bare
  // context, while a Worker's runtime writes it to the Worker's log directly.
  assertEquals(reported[0].message, "listener");
  if (typeof Response === "function") {
    // In a Worker: the runtime's reportError logs through its own channel, not console.error.
    assertEquals(reported.length, 1);
  } else {
    assertEquals(reported[1].message, "r", "reportError reported its error");
  }
  assertThrows(() => reportError(), TypeError);
}

export function dispatch_reentrancy() {
  const t = new EventTarget();
  const ev = new Event("r");
  let inner;
  t.addEventListener("r", () => {
    try {
      t.dispatchEvent(ev);
    } catch (e) {
      inner = e;
    }
  });
  t.dispatchEvent(ev);
  assertEquals(inner.name, "InvalidStateError");
}

export function subclassing() {
  class Emitter extends EventTarget {
    fire() {
      return this.dispatchEvent(new CustomEvent("fired", { detail: { n: 1 } }));
    }
  }
  const e = new Emitter();
  let detail;
  e.addEventListener("fired", (ev) => (detail = ev.detail));
  e.fire();
  assertEquals(detail, { n: 1 });
  assertEquals(new CustomEvent("x").detail, null);
  assert(new CustomEvent("x") instanceof Event);
  class MyEvent extends Event {
    constructor() {
      super("mine");
      this.extra = 1;
    }
  }
  const me = new MyEvent();
  assertEquals([me.type, me.extra], ["mine", 1]);
}

export function abort_controller() {
  const ac = new AbortController();
  const signal = ac.signal;
  assert(signal instanceof AbortSignal);
  assert(signal instanceof EventTarget);
  assertEquals([signal.aborted, signal.reason], [false, undefined]);
  signal.throwIfAborted();
  const events = [];
  signal.onabort = (e) => events.push(["onabort", e.type, e.isTrusted, e.target === signal]);
  signal.addEventListener("abort", (e) => events.push(["listener", e instanceof Event]));
  ac.abort("why");
  ac.abort("again");
  assertEquals(signal.aborted, true);
  assertEquals(signal.reason, "why");
  assertEquals(events, [["onabort", "abort", true, true], ["listener", true]]);
  assertEquals(assertThrows(() => signal.throwIfAborted()), "why");
  const ac2 = new AbortController();
  ac2.abort();
  assertEquals(ac2.signal.reason.name, "AbortError");
  assert(ac2.signal.reason instanceof DOMException);
  assertThrows(() => new AbortSignal(), TypeError);
}

export function abort_signal_statics() {
  const a = AbortSignal.abort();
  assertEquals([a.aborted, a.reason.name], [true, "AbortError"]);
  assertEquals(AbortSignal.abort(5).reason, 5);
  const c1 = new AbortController();
  const c2 = new AbortController();
  const any = AbortSignal.any([c1.signal, c2.signal]);
  let fired = 0;
  any.addEventListener("abort", () => fired++);
  assertEquals(any.aborted, false);
  c2.abort("second");
  assertEquals([any.aborted, any.reason, fired], [true, "second", 1]);
  c1.abort("first");
  assertEquals([any.reason, fired], ["second", 1]);
  assertEquals(AbortSignal.any([AbortSignal.abort("pre")]).reason, "pre");
  const nested = AbortSignal.any([AbortSignal.any([new AbortController().signal])]);
  assertEquals(nested.aborted, false);
  assertThrows(() => AbortSignal.any([{}]), TypeError);
}

export function abort_signal_timeout_uses_global_set_timeout() {
  const saved = globalThis.setTimeout;
  const timers = [];
  globalThis.setTimeout = (fn, ms) => timers.push([fn, ms]);
  try {
    const s = AbortSignal.timeout(25);
    assertEquals(timers.length, 1);
    assertEquals(timers[0][1], 25);
    assertEquals(s.aborted, false);
    timers[0][0]();
    assertEquals(s.aborted, true);
    assertEquals(s.reason.name, "TimeoutError");
    assertThrows(() => AbortSignal.timeout(-1), TypeError);
  } finally {
    globalThis.setTimeout = saved;
  }
}

export function structured_clone_values() {
  const d = new Date(5);
  const src = {
    n: 1, s: "x", b: true, u: undefined, nul: null, big: 10n, neg: -0,
    date: d, re: /a+/gi, map: new Map([[1, { a: 1 }]]), set: new Set(["q"]),
    arr: [1, , 3], nested: { deep: [1, 2] }, wrapped: Object("str"),
  };
  const c = structuredClone(src);
  assert(c !== src && c.date !== d && c.map !== src.map);
  assertEquals(c.date.getTime(), 5);
  assertEquals([c.re.source, c.re.flags], ["a+", "gi"]);
  assertEquals(c.map.get(1), { a: 1 });
  assertEquals([...c.set], ["q"]);
  assertEquals(c.nested, { deep: [1, 2] });
  assertEquals([c.n, c.s, c.b, c.u, c.nul, c.big], [1, "x", true, undefined, null, 10n]);
  assert(Object.is(c.neg, -0));
  assertEquals(1 in c.arr, false, "holes stay holes");
  assertEquals(c.arr.length, 3);
  assertEquals(typeof c.wrapped, "object");
  assertEquals(String(c.wrapped), "str");
  assertEquals(structuredClone(7), 7);
  class Point { constructor() { this.x = 1; } }
  const p = structuredClone(new Point());
  assertEquals(Object.getPrototypeOf(p), Object.prototype, "class instances become plain objects");
}

export function structured_clone_cycles_and_sharing() {
  const a = { name: "a" };
  a.self = a;
  const shared = { s: 1 };
  a.pair = [shared, shared];
  const c = structuredClone(a);
  assert(c.self === c);
  assert(c.pair[0] === c.pair[1]);
  assert(c.pair[0] !== shared);
  const m = new Map();
  m.set("m", m);
  const cm = structuredClone(m);
  assert(cm.get("m") === cm);
}

export function structured_clone_buffers() {
  const buf = new Uint8Array([1, 2, 3, 4]).buffer;
  const view = new Uint16Array(buf, 2, 1);
  const [b2, v2] = structuredClone([buf, view]);
  assert(b2 !== buf);
  assertEquals(new Uint8Array(b2), new Uint8Array([1, 2, 3, 4]));
  assert(v2.buffer === b2, "views keep sharing their cloned buffer");
  assertEquals([v2.byteOffset, v2.length], [2, 1]);
  const dv = structuredClone(new DataView(buf, 1, 2));
  assertEquals([dv.byteOffset, dv.byteLength, dv.getUint8(0)], [1, 2, 2]);
  const t = new Uint8Array([9, 8]).buffer;
  const moved = structuredClone({ t }, { transfer: [t] });
  assertEquals(new Uint8Array(moved.t), new Uint8Array([9, 8]));
  assertEquals(t.byteLength, 0, "the transferred buffer is detached");
  assertThrows(() => structuredClone(1, { transfer: [{}] }), DOMException);
}

export function structured_clone_errors() {
  const e = new RangeError("bad", { cause: 1 });
  const c = structuredClone(e);
  assert(c instanceof RangeError);
  assertEquals([c.message, c.name, c.cause], ["bad", "RangeError", 1]);
  const custom = new Error("x");
  custom.name = "Custom";
  assertEquals(Object.getPrototypeOf(structuredClone(custom)), Error.prototype);
  const de = structuredClone(new DOMException("m", "AbortError"));
  assert(de instanceof DOMException);
  assertEquals([de.name, de.message], ["AbortError", "m"]);
  for (const bad of [() => {}, Symbol("s"), { f() {} }, new WeakMap(), Promise.resolve(), new ReadableStream(), new AbortController()]) {
    const err = assertThrows(() => structuredClone(bad), DOMException);
    assertEquals(err.name, "DataCloneError");
  }
  assertThrows(() => structuredClone(), TypeError);
}

export function globals_shape() {
  for (const name of ["Event", "EventTarget", "AbortController", "AbortSignal", "DOMException", "structuredClone", "reportError"]) {
    assert(name in globalThis, name);
    void globalThis[name]; // a lazy family is a configurable accessor until first read
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    assert(d && "value" in d && d.writable && d.configurable && !d.enumerable, name);
  }
}

export function assigning_a_lazy_global_first_keeps_the_value() {
  // The URL family is not loaded by this file, so URLSearchParams is still lazy here.
  const before = Object.getOwnPropertyDescriptor(globalThis, "URLSearchParams");
  assert(typeof before.get === "function" && before.configurable && !before.enumerable);
  globalThis.URLSearchParams = 42;
  assertEquals(globalThis.URLSearchParams, 42);
  assertEquals(typeof URL, "function", "loading the family...");
  assertEquals(globalThis.URLSearchParams, 42, "...keeps what the script assigned");
}

export function removed_listeners_leave_no_abort_algorithm() {
  const ac = new AbortController();
  const t = new EventTarget();
  let calls = 0;
  for (let i = 0; i < 100; i++) {
    const f = () => calls++;
    t.addEventListener("x", f, { signal: ac.signal });
    t.removeEventListener("x", f);
  }
  const kept = () => calls++;
  t.addEventListener("x", kept, { signal: ac.signal });
  t.dispatchEvent(new Event("x"));
  assertEquals(calls, 1);
  ac.abort();
  t.dispatchEvent(new Event("x"));
  assertEquals(calls, 1, "the remaining listener was removed by the abort");
}

export function any_holds_dependents_weakly_but_still_aborts_them() {
  const ac = new AbortController();
  const made = [];
  for (let i = 0; i < 10; i++) made.push(AbortSignal.any([ac.signal]));
  ac.abort("r");
  assert(made.every((s) => s.aborted && s.reason === "r"));
}
