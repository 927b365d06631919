// setTimeout/setInterval/clear*, queueMicrotask, reportError (into the Worker's log). Callbacks live
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
    reportError(e) {
      if (arguments.length === 0) throw new TypeError("Failed to execute 'reportError': 1 argument required, but only 0 present.");
      internal.reportError(e);
    },
  };
  for (const [name, value] of Object.entries(defs)) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
})
