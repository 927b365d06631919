// structuredClone (https://html.spec.whatwg.org/#dom-structuredclone): a deep copy with the
// HTML structured-serialisation rules, done in one pass (serialise and deserialise together)
// with a memory map for shared references and cycles. Types are recognised by their internal
// slots (brand-checking getters), not by their prototype.
(function (globalThis) {
  "use strict";

  const { Object, Symbol, Map, Set, Date, RegExp, ArrayBuffer, DataView, Array, Reflect, TypeError } = globalThis;
  const getDesc = Object.getOwnPropertyDescriptor;
  const dateValue = Date.prototype.valueOf;
  const regexpSource = getDesc(RegExp.prototype, "source").get;
  const regexpFlags = getDesc(RegExp.prototype, "flags").get;
  const mapSize = getDesc(Map.prototype, "size").get;
  const setSize = getDesc(Set.prototype, "size").get;
  const mapEntries = Map.prototype.entries;
  const setValues = Set.prototype.values;
  const abByteLength = getDesc(ArrayBuffer.prototype, "byteLength").get;
  const abSlice = ArrayBuffer.prototype.slice;
  const abTransfer = ArrayBuffer.prototype.transfer;
  const abDetached = getDesc(ArrayBuffer.prototype, "detached");
  const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
  const typedArrayTag = getDesc(typedArrayProto, Symbol.toStringTag).get;
  const typedArrayBuffer = getDesc(typedArrayProto, "buffer").get;
  const typedArrayByteOffset = getDesc(typedArrayProto, "byteOffset").get;
  const typedArrayLength = getDesc(typedArrayProto, "length").get;
  const dataViewBuffer = getDesc(DataView.prototype, "buffer").get;
  const dataViewByteOffset = getDesc(DataView.prototype, "byteOffset").get;
  const dataViewByteLength = getDesc(DataView.prototype, "byteLength").get;
  const booleanValue = Boolean.prototype.valueOf;
  const numberValue = Number.prototype.valueOf;
  const stringValue = String.prototype.valueOf;
  const bigintValue = globalThis.BigInt && BigInt.prototype.valueOf;
  const objectToString = Object.prototype.toString;
  const errorCtors = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
  // Platform objects of this crate that the standard does not make serialisable.
  const notSerializable = new Set([
    "ReadableStream", "WritableStream", "TransformStream", "ReadableStreamDefaultReader",
    "ReadableStreamBYOBReader", "WritableStreamDefaultWriter", "EventTarget", "AbortSignal",
    "AbortController", "Event", "CustomEvent", "URL", "URLSearchParams", "TextEncoder", "TextDecoder",
    "WeakMap", "WeakSet", "WeakRef", "Promise", "FinalizationRegistry", "Generator", "AsyncGenerator",
    "CompressionStream", "DecompressionStream", "FormData", "ErrorEvent", "MessageEvent", "MessageChannel", "MessagePort",
    "Crypto", "SubtleCrypto", "CryptoKey", "DigestStream",
  ]);

  function dataCloneError(message) {
    return new globalThis.DOMException(message, "DataCloneError");
  }

  function has(getter, v) {
    try {
      getter.call(v);
      return true;
    } catch {
      return false;
    }
  }

  function isDetached(buffer) {
    return abDetached ? abDetached.get.call(buffer) : false;
  }

  function structuredClone(value, options = undefined) {
    if (arguments.length === 0) throw new TypeError("structuredClone: 1 argument required");
    const memory = new Map();
    let transfer = [];
    if (options !== undefined && options !== null) {
      if (typeof options !== "object") throw new TypeError("structuredClone: options must be an object");
      if (options.transfer !== undefined) transfer = Array.from(options.transfer);
    }
    // Transferred buffers: the clone gets the bytes, the original is detached afterwards.
    const transfers = [];
    for (const t of transfer) {
      if (typeof t !== "object" || t === null || !has(abByteLength, t)) {
        throw dataCloneError("structuredClone: only ArrayBuffers can be transferred");
      }
      if (memory.has(t)) throw dataCloneError("structuredClone: an ArrayBuffer is listed twice in transfer");
      if (isDetached(t)) throw dataCloneError("structuredClone: a transferred ArrayBuffer is detached");
      const placeholder = {};
      memory.set(t, placeholder);
      transfers.push([t, placeholder]);
    }
    if (transfers.length > 0) {
      // Serialise first (so errors leave the originals untouched), then transfer.
      cloneValue(value, new Map(memory));
      for (const entry of transfers) entry[1] = abTransfer ? abTransfer.call(entry[0]) : abSlice.call(entry[0], 0);
      for (const [t, clone] of transfers) memory.set(t, clone);
    }
    return cloneValue(value, memory);
  }

  function cloneValue(v, memory) {
    const type = typeof v;
    if (type === "symbol") throw dataCloneError("structuredClone: a Symbol cannot be cloned");
    if (type === "function") throw dataCloneError("structuredClone: a function cannot be cloned");
    if (type !== "object" || v === null) return v;
    if (memory.has(v)) return memory.get(v);
    let out;
    if (has(booleanValue, v)) out = Object(booleanValue.call(v));
    else if (has(numberValue, v)) out = Object(numberValue.call(v));
    else if (has(stringValue, v)) out = Object(stringValue.call(v));
    else if (bigintValue && has(bigintValue, v)) out = Object(bigintValue.call(v));
    else if (has(dateValue, v)) out = new Date(dateValue.call(v));
    else if (v !== RegExp.prototype && has(regexpSource, v)) out = new RegExp(regexpSource.call(v), regexpFlags.call(v));
    else if (has(abByteLength, v)) {
      if (isDetached(v)) throw dataCloneError("structuredClone: the ArrayBuffer is detached");
      out = abSlice.call(v, 0);
    } else if (typedArrayTag.call(v) !== undefined) {
      const buffer = cloneValue(typedArrayBuffer.call(v), memory);
      const Ctor = globalThis[typedArrayTag.call(v)];
      out = new Ctor(buffer, typedArrayByteOffset.call(v), typedArrayLength.call(v));
    } else if (has(dataViewBuffer, v)) {
      const buffer = cloneValue(dataViewBuffer.call(v), memory);
      out = new DataView(buffer, dataViewByteOffset.call(v), dataViewByteLength.call(v));
    } else if (has(mapSize, v)) {
      out = new Map();
      memory.set(v, out);
      const entries = [...mapEntries.call(v)];
      for (const [k, val] of entries) out.set(cloneValue(k, memory), cloneValue(val, memory));
      return out;
    } else if (has(setSize, v)) {
      out = new Set();
      memory.set(v, out);
      const values = [...setValues.call(v)];
      for (const val of values) out.add(cloneValue(val, memory));
      return out;
    } else if (isDOMException(v)) {
      out = new globalThis.DOMException(v.message, v.name);
    } else if (objectToString.call(v) === "[object Error]" && !(Symbol.toStringTag in v)) {
      out = cloneError(v, memory);
    } else if (Array.isArray(v)) {
      out = new Array(v.length);
      memory.set(v, out);
      copyProperties(v, out, memory);
      return out;
    } else {
      const tag = v[Symbol.toStringTag];
      if (typeof tag === "string" && notSerializable.has(tag)) {
        throw dataCloneError(`structuredClone: ${tag} cannot be cloned`);
      }
      if ((tag === "Blob" || tag === "File") && v instanceof globalThis.Blob) {
        out = v.slice(0, v.size, v.type);
        if (tag === "File") out = new globalThis.File([out], v.name, { type: v.type, lastModified: v.lastModified });
      } else {
        out = {};
        memory.set(v, out);
        copyProperties(v, out, memory);
        return out;
      }
    }
    memory.set(v, out);
    return out;
  }

  function isDOMException(v) {
    const D = globalThis.DOMException;
    if (typeof D !== "function") return false;
    try {
      getDesc(D.prototype, "name").get.call(v);
      return true;
    } catch {
      return false;
    }
  }

  function cloneError(v, memory) {
    const nameProp = v.name;
    const Ctor = Object.hasOwn(errorCtors, nameProp) ? errorCtors[nameProp] : Error;
    const out = Object.create(Ctor.prototype);
    memory.set(v, out);
    const messageDesc = getDesc(v, "message");
    if (messageDesc !== undefined && "value" in messageDesc) {
      Object.defineProperty(out, "message", { value: String(messageDesc.value), writable: true, configurable: true });
    }
    if (typeof v.stack === "string") {
      Object.defineProperty(out, "stack", { value: v.stack, writable: true, configurable: true });
    }
    const causeDesc = getDesc(v, "cause");
    if (causeDesc !== undefined && "value" in causeDesc) {
      Object.defineProperty(out, "cause", { value: cloneValue(causeDesc.value, memory), writable: true, configurable: true });
    }
    return out;
  }

  function copyProperties(from, to, memory) {
    for (const key of Object.keys(from)) {
      const value = from[key];
      to[key] = cloneValue(value, memory);
    }
  }

  return { structuredClone };
});
