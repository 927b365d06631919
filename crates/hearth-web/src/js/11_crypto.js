// Crypto (https://w3c.github.io/webcrypto/#crypto-interface): getRandomValues, randomUUID, the
// `subtle` attribute, the SubtleCrypto and CryptoKey interfaces and Cloudflare's
// `crypto.DigestStream`. The SubtleCrypto operations and DigestStream live in js/19_subtle.js,
// loaded by natives.loadSubtle on the first call of an operation (or the first read of
// `crypto.DigestStream`), so a Worker that only needs random values never compiles them.
(function (globalThis, natives) {
  "use strict";

  const { TypeError, Object, Symbol, Uint8Array } = globalThis;
  const { fillRandom, randomUUID, loadSubtle } = natives;
  const INTERNAL = {};
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";
  const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
  const typedArrayTag = Object.getOwnPropertyDescriptor(typedArrayProto, Symbol.toStringTag).get;
  const integerArrays = new Set([
    "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
    "Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array",
  ]);

  // A CryptoKey's internal slots are one record: {type, extractable, algorithm, usages, handle}
  // (https://w3c.github.io/webcrypto/#cryptokey-interface). `handle` is the opaque Rust object
  // that holds the key material; nothing outside this file and js/19_subtle.js can reach it.
  // As in workerd, `type`, `extractable`, `algorithm` and `usages` are the key's own data
  // properties (writable, enumerable, configurable), set once from copies of the record: a script
  // that changes them changes what it sees, never the key.
  let keyRecord, newKey;
  class CryptoKey {
    #k;
    static {
      keyRecord = (o) => (isObject(o) && #k in o ? o.#k : undefined);
      newKey = (record, algorithm, usages) => {
        const key = new CryptoKey(INTERNAL);
        key.#k = record;
        key.usages = usages;
        key.algorithm = algorithm;
        key.extractable = record.extractable;
        key.type = record.type;
        return key;
      };
    }
    constructor(key = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    }
  }

  let impl;
  const subtle = () => (impl ??= loadSubtle({ CryptoKey, keyRecord, newKey, isSubtle: (o) => isSubtle(o) }));

  // Each operation forwards to js/19_subtle.js with its `this` and arguments; the parameter
  // lists give the methods their WebIDL `length`.
  let isSubtle;
  class SubtleCrypto {
    #brand = true;
    static {
      isSubtle = (o) => isObject(o) && #brand in o;
    }
    constructor(key = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    }
    encrypt(algorithm, key, data) {
      return subtle().encrypt(this, arguments);
    }
    decrypt(algorithm, key, data) {
      return subtle().decrypt(this, arguments);
    }
    sign(algorithm, key, data) {
      return subtle().sign(this, arguments);
    }
    verify(algorithm, key, signature, data) {
      return subtle().verify(this, arguments);
    }
    digest(algorithm, data) {
      return subtle().digest(this, arguments);
    }
    generateKey(algorithm, extractable, keyUsages) {
      return subtle().generateKey(this, arguments);
    }
    deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
      return subtle().deriveKey(this, arguments);
    }
    deriveBits(algorithm, baseKey) {
      return subtle().deriveBits(this, arguments);
    }
    importKey(format, keyData, algorithm, extractable, keyUsages) {
      return subtle().importKey(this, arguments);
    }
    exportKey(format, key) {
      return subtle().exportKey(this, arguments);
    }
    wrapKey(format, key, wrappingKey, wrapAlgorithm) {
      return subtle().wrapKey(this, arguments);
    }
    unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages) {
      return subtle().unwrapKey(this, arguments);
    }
    timingSafeEqual(a, b) {
      return subtle().timingSafeEqual(this, arguments);
    }
  }

  let cryptoState;
  class Crypto {
    #subtle;
    static {
      cryptoState = (o, what) => {
        if (isObject(o) && #subtle in o) return o.#subtle;
        throw new TypeError(`Crypto.${what}: 'this' is not a Crypto`);
      };
    }
    constructor(key = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
      this.#subtle = new SubtleCrypto(INTERNAL);
    }
    get subtle() {
      return cryptoState(this, "subtle");
    }
    // Cloudflare's nested DigestStream class (a WritableStream whose `digest` promise resolves
    // when it closes).
    get DigestStream() {
      return subtle().DigestStream();
    }
    getRandomValues(array) {
      cryptoState(this, "getRandomValues");
      if (arguments.length === 0) throw new TypeError("Crypto.getRandomValues: 1 argument required");
      const tag = isObject(array) ? typedArrayTag.call(array) : undefined;
      if (tag === undefined) {
        if (isObject(array) && ArrayBuffer.isView(array)) {
          throw new globalThis.DOMException("getRandomValues: a DataView is not an integer array", "TypeMismatchError");
        }
        throw new TypeError("Crypto.getRandomValues: the argument must be an integer typed array");
      }
      if (!integerArrays.has(tag)) {
        throw new globalThis.DOMException(`getRandomValues: ${tag} is not an integer array`, "TypeMismatchError");
      }
      if (array.byteLength > 65536) {
        throw new globalThis.DOMException(
          `getRandomValues: ${array.byteLength} bytes requested, at most 65536 are allowed`,
          "QuotaExceededError"
        );
      }
      fillRandom(tag === "Uint8Array" ? array : new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      return array;
    }
    randomUUID() {
      cryptoState(this, "randomUUID");
      return randomUUID();
    }
  }

  return { Crypto, SubtleCrypto, CryptoKey, crypto: new Crypto(INTERNAL) };
});
