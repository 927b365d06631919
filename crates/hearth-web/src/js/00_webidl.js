// Defines a family's exports as WebIDL globals: each one writable, configurable and not
// enumerable on the global object; for interfaces, their attributes and operations enumerable
// and a Symbol.toStringTag with the interface's name. A name the script already assigned
// (a data property, before the family was loaded lazily) is left as the script set it.
(function (globalThis) {
  "use strict";

  const { Object, Symbol } = globalThis;
  const skip = new Set(["constructor", "prototype", "length", "name"]);

  // Class syntax makes members non-enumerable; WebIDL attributes and operations are enumerable.
  function webidlMembers(target) {
    for (const key of Object.getOwnPropertyNames(target)) {
      if (skip.has(key)) continue;
      const d = Object.getOwnPropertyDescriptor(target, key);
      if (d.enumerable || !d.configurable) continue;
      d.enumerable = true;
      Object.defineProperty(target, key, d);
    }
  }

  return function defineGlobals(exports) {
    for (const name of Object.keys(exports)) {
      const value = exports[name];
      // Interfaces are the capitalised classes; functions such as atob are plain operations.
      const isInterface = typeof value === "function" && /^[A-Z]/.test(name) && typeof value.prototype === "object";
      if (isInterface) {
        webidlMembers(value.prototype);
        webidlMembers(value);
        if (!Object.hasOwn(value.prototype, Symbol.toStringTag)) {
          Object.defineProperty(value.prototype, Symbol.toStringTag, { value: name, configurable: true });
        }
      }
      const d = Object.getOwnPropertyDescriptor(globalThis, name);
      if (d !== undefined && "value" in d) continue;
      Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
    }
  };
});
