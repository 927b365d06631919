// performance (https://w3c.github.io/hr-time/) and navigator: `performance.now()` counts
// milliseconds from this context's creation (`performance.timeOrigin`, in Unix milliseconds);
// `navigator.userAgent` is "Cloudflare-Workers", as on Cloudflare.
(function (globalThis, natives) {
  "use strict";

  const { TypeError, Object, Symbol } = globalThis;
  const { now, timeOrigin } = natives;
  const INTERNAL = {};
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";

  let isPerformance;
  class Performance extends globalThis.EventTarget {
    #brand = true;
    static {
      isPerformance = (o) => isObject(o) && #brand in o;
    }
    constructor(key = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
      super();
    }
    now() {
      if (!isPerformance(this)) throw new TypeError("Performance.now: 'this' is not a Performance");
      return now();
    }
    get timeOrigin() {
      if (!isPerformance(this)) throw new TypeError("Performance.timeOrigin: 'this' is not a Performance");
      return timeOrigin();
    }
    toJSON() {
      if (!isPerformance(this)) throw new TypeError("Performance.toJSON: 'this' is not a Performance");
      return { timeOrigin: timeOrigin() };
    }
  }

  let isNavigator;
  class Navigator {
    #brand = true;
    static {
      isNavigator = (o) => isObject(o) && #brand in o;
    }
    constructor(key = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    }
    get userAgent() {
      if (!isNavigator(this)) throw new TypeError("Navigator.userAgent: 'this' is not a Navigator");
      return "Cloudflare-Workers";
    }
  }

  return {
    Performance,
    Navigator,
    performance: new Performance(INTERNAL),
    navigator: new Navigator(INTERNAL),
  };
});
