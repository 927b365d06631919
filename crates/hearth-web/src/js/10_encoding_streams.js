// TextEncoderStream and TextDecoderStream (https://encoding.spec.whatwg.org/#interface-textencoderstream)
// on TransformStream, TextEncoder and TextDecoder.
(function (globalThis) {
  "use strict";

  const { TypeError, Object, Symbol, String, Uint8Array } = globalThis;
  const { TransformStream, TextEncoder, TextDecoder } = globalThis;
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";
  const encoder = new TextEncoder();
  const encode = (s) => encoder.encode(s);
  const transformReadable = Object.getOwnPropertyDescriptor(TransformStream.prototype, "readable").get;
  const transformWritable = Object.getOwnPropertyDescriptor(TransformStream.prototype, "writable").get;

  let encoderStream;
  class TextEncoderStream {
    #t;
    static {
      encoderStream = (o, what) => {
        if (isObject(o) && #t in o) return o.#t;
        throw new TypeError(`TextEncoderStream.${what}: 'this' is not a TextEncoderStream`);
      };
    }
    constructor() {
      // A high surrogate that ended the previous chunk waits for its low half.
      let pending = "";
      this.#t = new TransformStream({
        transform(chunk, controller) {
          let s = pending + String(chunk);
          pending = "";
          const last = s.charCodeAt(s.length - 1);
          if (last >= 0xd800 && last <= 0xdbff) {
            pending = s.slice(-1);
            s = s.slice(0, -1);
          }
          if (s.length > 0) controller.enqueue(encode(s));
        },
        flush(controller) {
          if (pending !== "") controller.enqueue(new Uint8Array([0xef, 0xbf, 0xbd]));
        },
      });
    }
    get encoding() {
      encoderStream(this, "encoding");
      return "utf-8";
    }
    get readable() {
      return transformReadable.call(encoderStream(this, "readable"));
    }
    get writable() {
      return transformWritable.call(encoderStream(this, "writable"));
    }
  }

  let decoderStream;
  class TextDecoderStream {
    #s;
    static {
      decoderStream = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`TextDecoderStream.${what}: 'this' is not a TextDecoderStream`);
      };
    }
    constructor(label = "utf-8", options = undefined) {
      const decoder = new TextDecoder(label, options);
      const transform = new TransformStream({
        transform(chunk, controller) {
          const text = decoder.decode(chunk, { stream: true });
          if (text !== "") controller.enqueue(text);
        },
        flush(controller) {
          const text = decoder.decode();
          if (text !== "") controller.enqueue(text);
        },
      });
      this.#s = { decoder, transform };
    }
    get encoding() {
      return decoderStream(this, "encoding").decoder.encoding;
    }
    get fatal() {
      return decoderStream(this, "fatal").decoder.fatal;
    }
    get ignoreBOM() {
      return decoderStream(this, "ignoreBOM").decoder.ignoreBOM;
    }
    get readable() {
      return transformReadable.call(decoderStream(this, "readable").transform);
    }
    get writable() {
      return transformWritable.call(decoderStream(this, "writable").transform);
    }
  }

  return { TextEncoderStream, TextDecoderStream };
});
