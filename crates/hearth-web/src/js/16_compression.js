// CompressionStream and DecompressionStream (https://compression.spec.whatwg.org/): each is a
// TransformStream (as in workerd) whose transform feeds the chunk to a native codec and enqueues
// its output piece by piece (at most 64 KiB per native call). Codec errors (corrupt, truncated or
// trailing input) are TypeErrors and error both sides of the stream.
(function (globalThis, natives) {
  "use strict";

  const { TypeError, Object, Uint8Array, ArrayBuffer, String, TransformStream } = globalThis;
  const FORMATS = ["deflate", "deflate-raw", "gzip"];
  const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";

  function isArrayBuffer(v) {
    try {
      arrayBufferByteLength.call(v);
      return true;
    } catch {
      return false;
    }
  }

  // A BufferSource chunk as a Uint8Array over the same bytes (the codec copies them).
  function bytesOf(chunk, what) {
    if (isObject(chunk) && ArrayBuffer.isView(chunk)) {
      return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    if (isObject(chunk) && isArrayBuffer(chunk)) return new Uint8Array(chunk);
    throw new TypeError(`${what}: chunks must be an ArrayBuffer or an ArrayBufferView`);
  }

  function codecFor(args, decompress, what) {
    if (args.length === 0) throw new TypeError(`Failed to construct '${what}': 1 argument required`);
    const format = String(args[0]);
    if (!FORMATS.includes(format)) {
      throw new TypeError("The compression format must be either 'deflate', 'deflate-raw' or 'gzip'.");
    }
    return natives.codec(format, decompress);
  }

  function drain(codec, controller) {
    for (let piece = codec.next(); piece !== undefined; piece = codec.next()) controller.enqueue(piece);
  }

  function transformer(codec, what) {
    return {
      transform(chunk, controller) {
        codec.push(bytesOf(chunk, what));
        drain(codec, controller);
      },
      flush(controller) {
        codec.finish();
        drain(codec, controller);
      },
    };
  }

  class CompressionStream extends TransformStream {
    constructor(format) {
      super(transformer(codecFor(arguments, false, "CompressionStream"), "CompressionStream"));
    }
  }

  class DecompressionStream extends TransformStream {
    constructor(format) {
      super(transformer(codecFor(arguments, true, "DecompressionStream"), "DecompressionStream"));
    }
  }

  return { CompressionStream, DecompressionStream };
});
