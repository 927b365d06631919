// CompressionStream and DecompressionStream (https://compression.spec.whatwg.org/): each is a
// TransformStream (as in workerd) whose transform feeds the chunk to a native codec and enqueues
// its output piece by piece (at most 64 KiB per native call), waiting for the reader when it falls
// behind. Codec errors (corrupt, truncated or trailing input) are TypeErrors and error both sides
// of the stream.
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

  // Output pieces the readable side may hold before the transform waits for its reader.
  const BACKLOG = 16;

  // Enqueues the codec's output. When the reader falls BACKLOG pieces behind (a chunk that
  // inflates a lot), waits until it has caught up by half: a TransformStream has no hook for
  // "the reader pulled", so this polls with a 1 ms timer (only where timers exist, that is in a
  // Worker). Stops waiting once the readable side is closed or errored.
  async function drain(codec, controller) {
    for (let piece = codec.next(); piece !== undefined; piece = codec.next()) {
      controller.enqueue(piece);
      if (controller.desiredSize !== null && controller.desiredSize < -BACKLOG) await caughtUp(controller);
    }
  }

  async function caughtUp(controller) {
    const setTimeout = globalThis.setTimeout;
    if (typeof setTimeout !== "function") return;
    while (controller.desiredSize !== null && controller.desiredSize < -BACKLOG / 2) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  function transformer(codec, what) {
    return {
      transform(chunk, controller) {
        codec.push(bytesOf(chunk, what));
        return drain(codec, controller);
      },
      flush(controller) {
        codec.finish();
        return drain(codec, controller);
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
