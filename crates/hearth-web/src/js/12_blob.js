// Blob and File (https://w3c.github.io/FileAPI/). A Blob's bytes live in one Uint8Array on the
// QuickJS heap (so they count against the isolate's memory limit); slices share it and never
// expose it, so a Blob stays immutable.
(function (globalThis) {
  "use strict";

  const { TypeError, Object, Symbol, String, Uint8Array, ArrayBuffer, Promise, Date, Math } = globalThis;
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";
  const toWellFormed = String.prototype.toWellFormed;
  const usv = (v) => toWellFormed.call(String(v));
  const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
  const CHUNK = 65536;
  let encoder, decoder;
  const encode = (s) => (encoder ??= new globalThis.TextEncoder()).encode(s);
  const decode = (b) => (decoder ??= new globalThis.TextDecoder()).decode(b);

  function isArrayBuffer(v) {
    try {
      arrayBufferByteLength.call(v);
      return true;
    } catch {
      return false;
    }
  }

  // A type is kept (lower-cased) only when every character is printable ASCII.
  function normalizeType(t) {
    t = String(t);
    return /^[\x20-\x7e]*$/.test(t) ? t.toLowerCase() : "";
  }

  function blobOptions(options, what) {
    if (options === undefined || options === null) return { type: "", endings: "transparent" };
    if (!isObject(options)) throw new TypeError(`${what}: options must be an object`);
    const endings = options.endings === undefined ? "transparent" : String(options.endings);
    if (endings !== "transparent" && endings !== "native") {
      throw new TypeError(`${what}: endings must be 'transparent' or 'native'`);
    }
    const type = options.type === undefined ? "" : normalizeType(options.type);
    return { type, endings, options };
  }

  let blobState, isBlob;

  // The bytes of a sequence of BlobParts, concatenated.
  function processParts(parts, endings, what) {
    if (parts === undefined) return new Uint8Array(0);
    if (!isObject(parts) || typeof parts[Symbol.iterator] !== "function") {
      throw new TypeError(`${what}: blobParts must be a sequence`);
    }
    const pieces = [];
    let total = 0;
    for (const part of parts) {
      let bytes;
      if (isBlob(part)) {
        const s = blobState(part);
        bytes = s.bytes.subarray(s.start, s.end);
      } else if (isObject(part) && ArrayBuffer.isView(part)) {
        bytes = new Uint8Array(part.buffer, part.byteOffset, part.byteLength).slice();
      } else if (isObject(part) && isArrayBuffer(part)) {
        bytes = new Uint8Array(part.slice(0));
      } else {
        let s = usv(part);
        if (endings === "native") s = s.replace(/\r\n|\r/g, "\n");
        bytes = encode(s);
      }
      pieces.push(bytes);
      total += bytes.byteLength;
    }
    // Bytes are never written after construction, so one piece can be used as it is.
    if (pieces.length === 1) return pieces[0];
    const out = new Uint8Array(total);
    let offset = 0;
    for (const p of pieces) {
      out.set(p, offset);
      offset += p.byteLength;
    }
    return out;
  }

  class Blob {
    #s;
    static {
      blobState = (o, what = "Blob") => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a Blob`);
      };
      isBlob = (o) => isObject(o) && #s in o;
    }
    constructor(blobParts = undefined, options = undefined) {
      const { type, endings } = blobOptions(options, "Blob");
      const bytes = processParts(blobParts, endings, "Blob");
      this.#s = { bytes, start: 0, end: bytes.byteLength, type };
    }
    get size() {
      const s = blobState(this, "size");
      return s.end - s.start;
    }
    get type() {
      return blobState(this, "type").type;
    }
    slice(start = undefined, end = undefined, contentType = undefined) {
      const s = blobState(this, "slice");
      const size = s.end - s.start;
      const rel = (v, dflt) => {
        if (v === undefined) return dflt;
        const n = Math.trunc(Number(v)) || 0;
        return n < 0 ? Math.max(size + n, 0) : Math.min(n, size);
      };
      const from = rel(start, 0);
      const to = rel(end, size);
      const span = Math.max(to - from, 0);
      return makeBlob(s.bytes, s.start + from, s.start + from + span, contentType === undefined ? "" : normalizeType(contentType));
    }
    stream() {
      const s = blobState(this, "stream");
      let position = s.start;
      return new globalThis.ReadableStream({
        type: "bytes",
        pull(controller) {
          if (position >= s.end) {
            controller.close();
            const request = controller.byobRequest;
            if (request) request.respond(0);
            return;
          }
          const n = Math.min(CHUNK, s.end - position);
          controller.enqueue(s.bytes.slice(position, position + n));
          position += n;
        },
      });
    }
    text() {
      let s;
      try {
        s = blobState(this, "text");
      } catch (e) {
        return Promise.reject(e);
      }
      return Promise.resolve(decode(s.bytes.subarray(s.start, s.end)));
    }
    arrayBuffer() {
      let s;
      try {
        s = blobState(this, "arrayBuffer");
      } catch (e) {
        return Promise.reject(e);
      }
      return Promise.resolve(s.bytes.slice(s.start, s.end).buffer);
    }
    bytes() {
      let s;
      try {
        s = blobState(this, "bytes");
      } catch (e) {
        return Promise.reject(e);
      }
      return Promise.resolve(s.bytes.slice(s.start, s.end));
    }
  }

  // A Blob over a range of existing bytes (slices share the parent's bytes).
  const makeBlob = (bytes, start, end, type) => {
    const blob = new Blob();
    const s = blobState(blob);
    s.bytes = bytes;
    s.start = start;
    s.end = end;
    s.type = type;
    return blob;
  };

  let fileState;
  class File extends Blob {
    #f;
    static {
      fileState = (o, what) => {
        if (isObject(o) && #f in o) return o.#f;
        throw new TypeError(`File.${what}: 'this' is not a File`);
      };
    }
    constructor(fileBits, fileName, options = undefined) {
      if (arguments.length < 2) throw new TypeError("File: 2 arguments required");
      super(fileBits, options);
      let lastModified = Date.now();
      if (isObject(options) && options.lastModified !== undefined) {
        const n = Number(options.lastModified);
        lastModified = Number.isFinite(n) ? Math.trunc(n) : 0;
      }
      this.#f = { name: usv(fileName), lastModified };
    }
    get name() {
      return fileState(this, "name").name;
    }
    get lastModified() {
      return fileState(this, "lastModified").lastModified;
    }
    get webkitRelativePath() {
      fileState(this, "webkitRelativePath");
      return "";
    }
  }

  return { Blob, File };
});
