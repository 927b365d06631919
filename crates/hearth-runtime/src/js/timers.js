// setTimeout/setInterval/clear*, queueMicrotask, scheduler.wait, reportError (into the Worker's log). Callbacks live
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
  // scheduler.wait(ms, { signal }) (a Cloudflare extension): resolves with undefined after ms;
  // rejects with the signal's reason if it is or becomes aborted (and the timer is dropped).
  const ILLEGAL = Symbol("illegal");
  class Scheduler {
    constructor(key) {
      if (key !== ILLEGAL) throw new TypeError("Illegal constructor");
    }
    wait(ms, options) {
      if (arguments.length === 0) {
        return Promise.reject(new TypeError("Failed to execute 'wait' on 'Scheduler': parameter 1 is not of type 'number'."));
      }
      let signal;
      if (options !== undefined && options !== null) {
        if (typeof options !== "object" && typeof options !== "function") {
          return Promise.reject(new TypeError("Failed to execute 'wait' on 'Scheduler': parameter 2 is not of type 'WaitOptions'."));
        }
        signal = options.signal;
        if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal)) {
          return Promise.reject(new TypeError("Incorrect type for the 'signal' field on 'WaitOptions': the provided value is not of type 'AbortSignal'."));
        }
      }
      if (signal && signal.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        let onAbort;
        const id = add(() => {
          if (onAbort) signal.removeEventListener("abort", onAbort);
          resolve(undefined);
        }, ms, [], false);
        if (signal) {
          onAbort = () => {
            timers.delete(id);
            reject(signal.reason);
          };
          signal.addEventListener("abort", onAbort, { once: true });
        }
      });
    }
    get [Symbol.toStringTag]() { return "Scheduler"; }
  }
  defs.scheduler = new Scheduler(ILLEGAL);
  for (const [name, value] of Object.entries(defs)) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
})
