// setTimeout/setInterval/clear*, queueMicrotask, reportError, structuredClone. Callbacks live
// here, in JS (so the GC sees them); Rust only sleeps and calls `fire(id)`. A throwing callback
// is reported and never stops other timers.
(function (native, internal) {
  "use strict";
  const timers = new Map();
  let nextId = 1;
  function fire(id) {
    const t = timers.get(id);
    if (t === undefined) return false;
    if (!t.repeat) timers.delete(id);
    try { t.cb.apply(globalThis, t.args); } catch (e) { internal.reportError(e); }
    return timers.has(id);
  }
  function delay(ms) {
    ms = Number(ms);
    return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 2147483647) : 0;
  }
  function add(cb, ms, args, repeat) {
    if (typeof cb !== "function") throw new TypeError("The \"callback\" argument must be of type function.");
    const id = nextId++;
    timers.set(id, { cb, args, repeat });
    native.timer(id, delay(ms), repeat, fire);
    return id;
  }
  const defs = {
    setTimeout(cb, ms, ...args) { return add(cb, ms, args, false); },
    setInterval(cb, ms, ...args) { return add(cb, ms, args, true); },
    clearTimeout(id) { timers.delete(Number(id)); },
    clearInterval(id) { timers.delete(Number(id)); },
    queueMicrotask(cb) {
      if (typeof cb !== "function") throw new TypeError("The \"callback\" argument must be of type function.");
      Promise.resolve().then(() => { try { cb(); } catch (e) { internal.reportError(e); } });
    },
    reportError(e) { internal.reportError(e); },
  };
  function dataCloneError(msg) {
    if (typeof DOMException === "function") return new DOMException(msg, "DataCloneError");
    const e = new Error(msg); e.name = "DataCloneError"; return e;
  }
  function clone(v, seen) {
    if (typeof v !== "object" || v === null) {
      if (typeof v === "function" || typeof v === "symbol") throw dataCloneError(`${String(v)} could not be cloned.`);
      return v;
    }
    if (seen.has(v)) return seen.get(v);
    let out;
    if (Array.isArray(v)) { out = []; seen.set(v, out); for (let i = 0; i < v.length; i++) out[i] = clone(v[i], seen); return out; }
    if (v instanceof Date) return new Date(v.getTime());
    if (v instanceof RegExp) return new RegExp(v.source, v.flags);
    if (v instanceof ArrayBuffer) { out = v.slice(0); seen.set(v, out); return out; }
    if (ArrayBuffer.isView(v)) {
      const buf = clone(v.buffer, seen);
      return v instanceof DataView ? new DataView(buf, v.byteOffset, v.byteLength) : new v.constructor(buf, v.byteOffset, v.length);
    }
    if (v instanceof Map) { out = new Map(); seen.set(v, out); for (const [k, x] of v) out.set(clone(k, seen), clone(x, seen)); return out; }
    if (v instanceof Set) { out = new Set(); seen.set(v, out); for (const x of v) out.add(clone(x, seen)); return out; }
    if (v instanceof Error) { out = new (globalThis[v.name] || Error)(v.message); if (v.stack) out.stack = v.stack; return out; }
    if (v instanceof Boolean || v instanceof Number || v instanceof String) return Object(v.valueOf());
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw dataCloneError(`${Object.prototype.toString.call(v)} could not be cloned.`);
    out = {}; seen.set(v, out);
    for (const k of Object.keys(v)) out[k] = clone(v[k], seen);
    return out;
  }
  if (typeof globalThis.structuredClone !== "function") {
    defs.structuredClone = function structuredClone(v) {
      if (arguments.length === 0) throw new TypeError("structuredClone requires 1 argument");
      return clone(v, new Map());
    };
  }
  for (const [name, value] of Object.entries(defs)) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
})
