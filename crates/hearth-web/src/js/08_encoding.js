// TextEncoder, TextDecoder (https://encoding.spec.whatwg.org/#api) and atob/btoa
// (https://html.spec.whatwg.org/#atob). Bytes and code points are handled by the natives of
// src/encoding.rs; this file does the WebIDL argument handling and the errors.
(function (globalThis, natives) {
  "use strict";

  const { TypeError, RangeError, Object, Symbol, String, Uint8Array, ArrayBuffer } = globalThis;
  const { encode, encodeInto, decoder: newDecoder, atob: nativeAtob, btoa: nativeBtoa } = natives;
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";
  const toWellFormed = String.prototype.toWellFormed;
  const usv = (v) => toWellFormed.call(String(v));
  const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
  const typedArrayTag = Object.getOwnPropertyDescriptor(typedArrayProto, Symbol.toStringTag).get;
  const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
  const SharedArrayBuffer = globalThis.SharedArrayBuffer;
  const sharedByteLength = SharedArrayBuffer && Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, "byteLength").get;

  function isArrayBuffer(v) {
    try {
      arrayBufferByteLength.call(v);
      return true;
    } catch {}
    if (sharedByteLength) {
      try {
        sharedByteLength.call(v);
        return true;
      } catch {}
    }
    return false;
  }

  // A BufferSource as a Uint8Array over the same bytes.
  function bytesOf(input, what) {
    if (isObject(input)) {
      if (typedArrayTag.call(input) === "Uint8Array") return input;
      if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      if (isArrayBuffer(input)) return new Uint8Array(input);
    }
    throw new TypeError(`${what}: the input must be an ArrayBuffer or an ArrayBufferView`);
  }

  // ---- TextEncoder ----------------------------------------------------------------------------

  let isEncoder;
  class TextEncoder {
    #brand = true;
    static {
      isEncoder = (o) => isObject(o) && #brand in o;
    }
    get encoding() {
      check(isEncoder(this), "encoding", "TextEncoder");
      return "utf-8";
    }
    encode(input = "") {
      check(isEncoder(this), "encode", "TextEncoder");
      return encode(usv(input));
    }
    encodeInto(source, destination) {
      check(isEncoder(this), "encodeInto", "TextEncoder");
      if (arguments.length < 2) throw new TypeError("TextEncoder.encodeInto: 2 arguments required");
      source = usv(source);
      if (!isObject(destination) || typedArrayTag.call(destination) !== "Uint8Array") {
        throw new TypeError("TextEncoder.encodeInto: destination must be a Uint8Array");
      }
      const [read, written] = encodeInto(source, destination);
      return { read, written };
    }
  }

  function check(ok, what, cls) {
    if (!ok) throw new TypeError(`${cls}.${what}: 'this' is not a ${cls}`);
  }

  // ---- TextDecoder ----------------------------------------------------------------------------

  let decoderState;
  class TextDecoder {
    #d;
    static {
      decoderState = (o, what) => {
        if (isObject(o) && #d in o) return o.#d;
        throw new TypeError(`TextDecoder.${what}: 'this' is not a TextDecoder`);
      };
    }
    constructor(label = "utf-8", options = undefined) {
      label = String(label);
      if (options !== undefined && options !== null && !isObject(options)) {
        throw new TypeError("TextDecoder: options must be an object");
      }
      const fatal = !!(options && options.fatal);
      const ignoreBOM = !!(options && options.ignoreBOM);
      const native = newDecoder(label, fatal, ignoreBOM);
      if (native === undefined) throw new RangeError(`TextDecoder: '${label}' is not a supported encoding label`);
      this.#d = { native, encoding: native.encoding, fatal, ignoreBOM };
    }
    get encoding() {
      return decoderState(this, "encoding").encoding;
    }
    get fatal() {
      return decoderState(this, "fatal").fatal;
    }
    get ignoreBOM() {
      return decoderState(this, "ignoreBOM").ignoreBOM;
    }
    decode(input = undefined, options = undefined) {
      const d = decoderState(this, "decode");
      const bytes = input === undefined ? new Uint8Array(0) : bytesOf(input, "TextDecoder.decode");
      if (options !== undefined && options !== null && !isObject(options)) {
        throw new TypeError("TextDecoder.decode: options must be an object");
      }
      const stream = !!(options && options.stream);
      const text = d.native.decode(bytes, stream);
      if (text === undefined) throw new TypeError(`TextDecoder.decode: the data is not valid ${d.encoding}`);
      return text;
    }
  }

  // ---- atob / btoa ----------------------------------------------------------------------------

  function invalidCharacter(message) {
    return new globalThis.DOMException(message, "InvalidCharacterError");
  }

  function atob(data) {
    if (arguments.length === 0) throw new TypeError("atob: 1 argument required");
    const decoded = nativeAtob(usv(data));
    if (decoded === undefined) throw invalidCharacter("atob: the string to be decoded is not correctly encoded");
    return decoded;
  }

  function btoa(data) {
    if (arguments.length === 0) throw new TypeError("btoa: 1 argument required");
    data = String(data);
    // Any code unit above U+00FF (lone surrogates included) is outside Latin-1.
    if (/[^\u0000-\u00ff]/.test(data)) {
      throw invalidCharacter("btoa: the string to be encoded contains characters outside of the Latin1 range");
    }
    return nativeBtoa(data);
  }

  return { TextEncoder, TextDecoder, atob, btoa };
});
