// The Cache API's lazy globals (`caches`, `Cache`, `CacheStorage`): the implementation
// (`cache_impl.js`) is loaded on first use, so idle isolates do not carry its bytecode.
(function (native, internal) {
  "use strict";

  // Lazy globals (as the Web-API families): the first read builds the family; an assignment
  // before that just stores. A Worker that never touches the cache never pays for it.
  let family = null;
  for (const name of ["Cache", "CacheStorage", "caches"]) {
    Object.defineProperty(globalThis, name, {
      configurable: true, enumerable: false,
      get() {
        if (family === null) family = native.lazyGlue("cache")(native, internal);
        const value = family[name];
        Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
        return value;
      },
      set(value) {
        Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
      },
    });
  }
})
