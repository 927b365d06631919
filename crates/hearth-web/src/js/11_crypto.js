// Crypto (https://w3c.github.io/webcrypto/#crypto-interface): getRandomValues, randomUUID, and
// the `subtle` attribute. SubtleCrypto has no operations yet: they are added to
// SubtleCrypto.prototype by the family that implements them.
(function (globalThis, natives) {
  "use strict";

  const { TypeError, Object, Symbol, Uint8Array } = globalThis;
  const { fillRandom, randomUUID } = natives;
  const INTERNAL = {};
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";
  const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
  const typedArrayTag = Object.getOwnPropertyDescriptor(typedArrayProto, Symbol.toStringTag).get;
  const integerArrays = new Set([
    "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
    "Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array",
  ]);

  let isSubtle;
  class SubtleCrypto {
    #brand = true;
    static {
      isSubtle = (o) => isObject(o) && #brand in o;
    }
    constructor(key = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
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

  return { Crypto, SubtleCrypto, crypto: new Crypto(INTERNAL) };
});
