// WHATWG Streams (https://streams.spec.whatwg.org/): ReadableStream (default and byte streams),
// WritableStream, TransformStream, their readers, writers and controllers, and the queuing
// strategies. The algorithms follow the standard's abstract operations and keep their names, so
// the spec is the map of this file. Public objects hold one private field (#s) pointing at an
// internal record; algorithms work on records, never on public properties a script could change.
(function (globalThis) {
  "use strict";

  const { TypeError, RangeError, Promise, Symbol, Object, ArrayBuffer, DataView, Uint8Array } = globalThis;
  const promiseThen = Promise.prototype.then;
  const promiseResolve = (v) => Promise.resolve(v);
  const promiseReject = (e) => Promise.reject(e);
  const resolvedUndefined = () => Promise.resolve(undefined);
  const queueMicrotask = globalThis.queueMicrotask || ((f) => promiseThen.call(Promise.resolve(), f));
  // The abort classes belong to the events family, which loads lazily: they are looked up on
  // first need (a pipe with a signal, a writable controller's `signal`), not when streams load.
  let abortApiCache;
  function abortApi() {
    if (abortApiCache === undefined) {
      const AC = globalThis.AbortController;
      const AS = globalThis.AbortSignal;
      const ET = globalThis.EventTarget;
      const getter = (C, name) => Object.getOwnPropertyDescriptor(C.prototype, name).get;
      abortApiCache = {
        AbortController: AC,
        abort: AC.prototype.abort,
        signal: getter(AC, "signal"),
        aborted: getter(AS, "aborted"),
        reason: getter(AS, "reason"),
        addEventListener: ET.prototype.addEventListener,
        removeEventListener: ET.prototype.removeEventListener,
      };
    }
    return abortApiCache;
  }
  const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
  const typedArrayTag = Object.getOwnPropertyDescriptor(typedArrayProto, Symbol.toStringTag).get;
  const typedArrayBuffer = Object.getOwnPropertyDescriptor(typedArrayProto, "buffer").get;
  const typedArrayByteOffset = Object.getOwnPropertyDescriptor(typedArrayProto, "byteOffset").get;
  const typedArrayByteLength = Object.getOwnPropertyDescriptor(typedArrayProto, "byteLength").get;
  const typedArrayLength = Object.getOwnPropertyDescriptor(typedArrayProto, "length").get;
  const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
  const arrayBufferDetached = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "detached");
  const arrayBufferTransfer = ArrayBuffer.prototype.transfer;
  const arrayBufferSlice = ArrayBuffer.prototype.slice;
  const dataViewBuffer = Object.getOwnPropertyDescriptor(DataView.prototype, "buffer").get;
  const dataViewByteOffset = Object.getOwnPropertyDescriptor(DataView.prototype, "byteOffset").get;
  const dataViewByteLength = Object.getOwnPropertyDescriptor(DataView.prototype, "byteLength").get;
  const asyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
  const INTERNAL = {};

  // ---- Promise helpers ------------------------------------------------------------------

  const withResolvers = Promise.withResolvers;
  // {promise, resolve, reject}
  function newPromise() {
    if (withResolvers !== undefined) return withResolvers.call(Promise);
    const d = {};
    d.promise = new Promise((resolve, reject) => {
      d.resolve = resolve;
      d.reject = reject;
    });
    return d;
  }
  function then(p, onFulfilled, onRejected) {
    return promiseThen.call(p, onFulfilled, onRejected);
  }
  function noop() {}
  function setHandled(p) {
    promiseThen.call(p, undefined, noop);
  }
  // The spec's "upon fulfillment/rejection" reactions. Internal reactions do not throw, so the
  // derived promise needs no handler of its own (one promise and one job less per reaction).
  function uponPromise(p, onFulfilled, onRejected) {
    promiseThen.call(p, onFulfilled, onRejected);
  }
  function uponFulfillment(p, f) {
    promiseThen.call(p, f, noop);
  }
  function uponRejection(p, f) {
    promiseThen.call(p, undefined, f);
  }
  // A promise whose state can be read synchronously, made only when first asked for: the
  // closed/ready promises of readers and writers are seldom observed.
  class Deferred {
    constructor() {
      this.state = "pending";
      this.value = undefined;
      this.d = undefined;
    }
    get promise() {
      if (this.d === undefined) {
        if (this.state === "pending") {
          this.d = newPromise();
        } else if (this.state === "fulfilled") {
          this.d = { promise: promiseResolve(this.value) };
        } else {
          const p = promiseReject(this.value);
          setHandled(p);
          this.d = { promise: p };
        }
      }
      return this.d.promise;
    }
  }
  function deferred() {
    return new Deferred();
  }
  function resolveDeferred(d, v) {
    if (d.state !== "pending") return;
    d.state = "fulfilled";
    d.value = v;
    if (d.d !== undefined) d.d.resolve(v);
  }
  function rejectDeferred(d, e) {
    if (d.state !== "pending") return;
    d.state = "rejected";
    d.value = e;
    if (d.d !== undefined) {
      setHandled(d.d.promise);
      d.d.reject(e);
    }
  }
  function resolvedDeferred(v) {
    const d = deferred();
    resolveDeferred(d, v);
    return d;
  }
  function rejectedDeferred(e) {
    const d = deferred();
    rejectDeferred(d, e);
    return d;
  }
  function promiseCall(f, thisArg, args) {
    try {
      return promiseResolve(Reflect.apply(f, thisArg, args));
    } catch (e) {
      return promiseReject(e);
    }
  }

  // ---- WebIDL-ish conversions -------------------------------------------------------------

  function isObject(x) {
    return (typeof x === "object" && x !== null) || typeof x === "function";
  }
  function dictionary(value, context) {
    if (value === undefined || value === null) return {};
    if (!isObject(value)) throw new TypeError(`${context} must be an object`);
    return value;
  }
  function callbackMember(obj, name, context) {
    const f = obj[name];
    if (f === undefined) return undefined;
    if (typeof f !== "function") throw new TypeError(`${context}: ${name} must be a function`);
    return f;
  }
  function toBoolean(v) {
    return !!v;
  }
  function extractHighWaterMark(strategy, defaultHWM) {
    const hwm = strategy.highWaterMark;
    if (hwm === undefined) return defaultHWM;
    const n = Number(hwm);
    if (Number.isNaN(n) || n < 0) throw new RangeError("highWaterMark must be a non-negative number");
    return n;
  }
  function extractSizeAlgorithm(strategy) {
    const size = strategy.size;
    if (size === undefined) return () => 1;
    if (typeof size !== "function") throw new TypeError("strategy.size must be a function");
    return (chunk) => size(chunk);
  }
  function isAbortSignal(signal) {
    if (!isObject(signal)) return false;
    try {
      abortApi().aborted.call(signal);
      return true;
    } catch {
      return false;
    }
  }
  function domException(message, name) {
    const D = globalThis.DOMException;
    if (typeof D === "function") return new D(message, name);
    const e = new Error(message);
    e.name = name;
    return e;
  }

  // ---- Buffers ---------------------------------------------------------------------------

  function isDetached(buffer) {
    if (arrayBufferDetached) return arrayBufferDetached.get.call(buffer);
    return false;
  }
  function transferArrayBuffer(buffer) {
    if (isDetached(buffer)) throw new TypeError("ArrayBuffer is detached");
    return arrayBufferTransfer ? arrayBufferTransfer.call(buffer) : buffer;
  }
  function isTypedArray(v) {
    return typedArrayTag.call(v) !== undefined;
  }
  function isDataView(v) {
    try {
      dataViewBuffer.call(v);
      return true;
    } catch {
      return false;
    }
  }
  // Returns {buffer, byteOffset, byteLength, elementSize, ctor, length} for an ArrayBufferView,
  // or undefined when `view` is not one.
  function viewInfo(view) {
    if (!isObject(view)) return undefined;
    if (isTypedArray(view)) {
      return {
        buffer: typedArrayBuffer.call(view),
        byteOffset: typedArrayByteOffset.call(view),
        byteLength: typedArrayByteLength.call(view),
        elementSize: view.BYTES_PER_ELEMENT,
        ctor: view.constructor,
        length: typedArrayLength.call(view),
      };
    }
    if (isDataView(view)) {
      const byteLength = dataViewByteLength.call(view);
      return {
        buffer: dataViewBuffer.call(view),
        byteOffset: dataViewByteOffset.call(view),
        byteLength,
        elementSize: 1,
        ctor: DataView,
        length: byteLength,
      };
    }
    return undefined;
  }
  function copyBytes(dest, destOffset, src, srcOffset, n) {
    new Uint8Array(dest, destOffset, n).set(new Uint8Array(src, srcOffset, n));
  }

  // ---- Queue with sizes ------------------------------------------------------------------

  function dequeueValue(c) {
    const pair = c.queue.shift();
    c.queueTotalSize -= pair.size;
    if (c.queueTotalSize < 0) c.queueTotalSize = 0;
    return pair.value;
  }
  function enqueueValueWithSize(c, value, size) {
    if (typeof size !== "number" || Number.isNaN(size) || size < 0 || size === Infinity) {
      throw new RangeError("chunk size must be a finite, non-negative number");
    }
    c.queue.push({ value, size });
    c.queueTotalSize += size;
  }
  function resetQueue(c) {
    c.queue = [];
    c.queueTotalSize = 0;
  }

  // =======================================================================================
  // ReadableStream
  // =======================================================================================

  let streamRecord, readerRecord, byobReaderRecord, defaultControllerRecord, byteControllerRecord;
  let byobRequestRecord, isReadableStream;

  function newStreamRecord() {
    return {
      obj: undefined,
      state: "readable",
      reader: undefined,
      storedError: undefined,
      disturbed: false,
      controller: undefined,
    };
  }

  class ReadableStream {
    #s;
    static {
      streamRecord = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a ReadableStream`);
      };
      isReadableStream = (o) => isObject(o) && #s in o;
    }

    constructor(underlyingSource = undefined, strategy = undefined) {
      if (underlyingSource === INTERNAL) {
        this.#s = strategy;
        strategy.obj = this;
        return;
      }
      const s = newStreamRecord();
      this.#s = s;
      s.obj = this;
      if (underlyingSource === null) underlyingSource = undefined;
      const source = dictionary(underlyingSource, "underlyingSource");
      strategy = dictionary(strategy, "strategy");
      const start = callbackMember(source, "start", "underlyingSource");
      const pull = callbackMember(source, "pull", "underlyingSource");
      const cancel = callbackMember(source, "cancel", "underlyingSource");
      let type = source.type;
      if (type !== undefined) {
        type = String(type);
        if (type !== "bytes") throw new TypeError(`invalid underlyingSource.type '${type}'`);
      }
      let autoAllocateChunkSize = source.autoAllocateChunkSize;
      if (autoAllocateChunkSize !== undefined) {
        autoAllocateChunkSize = enforceRangeULL(autoAllocateChunkSize, "autoAllocateChunkSize");
      }
      if (type === "bytes") {
        if (strategy.size !== undefined) throw new RangeError("a byte stream's strategy cannot have a size");
        const hwm = extractHighWaterMark(strategy, 0);
        setUpByteControllerFromSource(s, source, start, pull, cancel, autoAllocateChunkSize, hwm);
      } else {
        const size = extractSizeAlgorithm(strategy);
        const hwm = extractHighWaterMark(strategy, 1);
        setUpDefaultControllerFromSource(s, source, start, pull, cancel, hwm, size);
      }
    }

    get locked() {
      return isLocked(streamRecord(this, "locked"));
    }

    cancel(reason = undefined) {
      let s;
      try {
        s = streamRecord(this, "cancel");
      } catch (e) {
        return promiseReject(e);
      }
      if (isLocked(s)) return promiseReject(new TypeError("cannot cancel a locked ReadableStream"));
      return readableStreamCancel(s, reason);
    }

    getReader(options = undefined) {
      const s = streamRecord(this, "getReader");
      options = dictionary(options, "options");
      let mode = options.mode;
      if (mode === undefined) return acquireDefaultReader(s).obj;
      mode = String(mode);
      if (mode !== "byob") throw new TypeError(`invalid reader mode '${mode}'`);
      return acquireBYOBReader(s).obj;
    }

    pipeThrough(transform, options = undefined) {
      const s = streamRecord(this, "pipeThrough");
      if (!isObject(transform)) throw new TypeError("pipeThrough: transform must be an object");
      const readable = transform.readable;
      if (!isReadableStream(readable)) throw new TypeError("pipeThrough: transform.readable must be a ReadableStream");
      const writable = transform.writable;
      if (!isWritableStream(writable)) throw new TypeError("pipeThrough: transform.writable must be a WritableStream");
      const o = pipeOptions(options);
      if (isLocked(s)) throw new TypeError("pipeThrough: the ReadableStream is locked");
      const w = writableRecord(writable, "pipeThrough");
      if (w.writer !== undefined) throw new TypeError("pipeThrough: the WritableStream is locked");
      const p = readableStreamPipeTo(s, w, o.preventClose, o.preventAbort, o.preventCancel, o.signal);
      setHandled(p);
      return readable;
    }

    pipeTo(destination, options = undefined) {
      let s, o;
      try {
        s = streamRecord(this, "pipeTo");
        if (!isWritableStream(destination)) throw new TypeError("pipeTo: destination must be a WritableStream");
        o = pipeOptions(options);
      } catch (e) {
        return promiseReject(e);
      }
      const w = writableRecord(destination, "pipeTo");
      if (isLocked(s)) return promiseReject(new TypeError("pipeTo: the ReadableStream is locked"));
      if (w.writer !== undefined) return promiseReject(new TypeError("pipeTo: the WritableStream is locked"));
      return readableStreamPipeTo(s, w, o.preventClose, o.preventAbort, o.preventCancel, o.signal);
    }

    tee() {
      const s = streamRecord(this, "tee");
      const branches = s.controller.isByte ? readableByteStreamTee(s) : readableStreamDefaultTee(s);
      return [branches[0].obj, branches[1].obj];
    }

    values(options = undefined) {
      const s = streamRecord(this, "values");
      options = dictionary(options, "options");
      return createAsyncIterator(s, toBoolean(options.preventCancel));
    }

    static from(asyncIterable) {
      return readableStreamFromIterable(asyncIterable).obj;
    }
  }
  Object.defineProperty(ReadableStream.prototype, Symbol.asyncIterator, {
    value: ReadableStream.prototype.values,
    writable: true,
    configurable: true,
  });

  function enforceRangeULL(v, name) {
    const n = Number(v);
    if (!Number.isFinite(n)) throw new TypeError(`${name} must be a finite number`);
    const i = Math.trunc(n);
    if (i < 0 || i > Number.MAX_SAFE_INTEGER) throw new TypeError(`${name} is out of range`);
    return i;
  }

  function pipeOptions(options) {
    options = dictionary(options, "options");
    const preventAbort = toBoolean(options.preventAbort);
    const preventCancel = toBoolean(options.preventCancel);
    const preventClose = toBoolean(options.preventClose);
    const signal = options.signal;
    if (signal !== undefined && !isAbortSignal(signal)) throw new TypeError("options.signal must be an AbortSignal");
    return { preventAbort, preventCancel, preventClose, signal };
  }

  function isLocked(s) {
    return s.reader !== undefined;
  }

  function createReadableStream(start, pull, cancel, hwm = 1, size = () => 1) {
    const s = newStreamRecord();
    new ReadableStream(INTERNAL, s);
    const c = newDefaultController();
    setUpDefaultController(s, c, start, pull, cancel, hwm, size);
    return s;
  }

  function createReadableByteStream(start, pull, cancel) {
    const s = newStreamRecord();
    new ReadableStream(INTERNAL, s);
    const c = newByteController();
    setUpByteController(s, c, start, pull, cancel, 0, undefined);
    return s;
  }

  function readableStreamCancel(s, reason) {
    s.disturbed = true;
    if (s.state === "closed") return resolvedUndefined();
    if (s.state === "errored") return promiseReject(s.storedError);
    readableStreamClose(s);
    const reader = s.reader;
    if (reader !== undefined && reader.byob) {
      const requests = reader.readIntoRequests;
      reader.readIntoRequests = [];
      for (const r of requests) r.closeSteps(undefined);
    }
    const sourceCancelPromise = controllerCancelSteps(s.controller, reason);
    return then(sourceCancelPromise, noop);
  }

  function readableStreamClose(s) {
    s.state = "closed";
    const reader = s.reader;
    if (reader === undefined) return;
    resolveDeferred(reader.closed, undefined);
    if (!reader.byob) {
      const requests = reader.readRequests;
      reader.readRequests = [];
      for (const r of requests) r.closeSteps();
    }
  }

  function readableStreamError(s, e) {
    s.state = "errored";
    s.storedError = e;
    const reader = s.reader;
    if (reader === undefined) return;
    rejectDeferred(reader.closed, e);
    if (reader.byob) byobReaderErrorReadIntoRequests(reader, e);
    else defaultReaderErrorReadRequests(reader, e);
  }

  function fulfillReadRequest(s, chunk, done) {
    const request = s.reader.readRequests.shift();
    if (done) request.closeSteps();
    else request.chunkSteps(chunk);
  }

  function fulfillReadIntoRequest(s, chunk, done) {
    const request = s.reader.readIntoRequests.shift();
    if (done) request.closeSteps(chunk);
    else request.chunkSteps(chunk);
  }

  function numReadRequests(s) {
    return s.reader.readRequests.length;
  }
  function numReadIntoRequests(s) {
    return s.reader.readIntoRequests.length;
  }
  function hasDefaultReader(s) {
    return s.reader !== undefined && !s.reader.byob;
  }
  function hasBYOBReader(s) {
    return s.reader !== undefined && s.reader.byob;
  }

  // ---- Readers ---------------------------------------------------------------------------

  function readerGenericInitialize(r, s) {
    r.stream = s;
    s.reader = r;
    if (s.state === "readable") r.closed = deferred();
    else if (s.state === "closed") r.closed = resolvedDeferred(undefined);
    else r.closed = rejectedDeferred(s.storedError);
  }

  function readerGenericRelease(r) {
    const s = r.stream;
    const e = new TypeError("the reader's lock was released");
    if (s.state === "readable") rejectDeferred(r.closed, e);
    else r.closed = rejectedDeferred(e);
    controllerReleaseSteps(s.controller);
    s.reader = undefined;
    r.stream = undefined;
  }

  function newReaderRecord(byob) {
    return byob
      ? { obj: undefined, byob: true, stream: undefined, closed: undefined, readIntoRequests: [] }
      : { obj: undefined, byob: false, stream: undefined, closed: undefined, readRequests: [] };
  }

  function acquireDefaultReader(s) {
    const r = newReaderRecord(false);
    new ReadableStreamDefaultReader(INTERNAL, r);
    setUpDefaultReader(r, s);
    return r;
  }

  function acquireBYOBReader(s) {
    const r = newReaderRecord(true);
    new ReadableStreamBYOBReader(INTERNAL, r);
    setUpBYOBReader(r, s);
    return r;
  }

  function setUpDefaultReader(r, s) {
    if (isLocked(s)) throw new TypeError("the ReadableStream is locked");
    readerGenericInitialize(r, s);
    r.readRequests = [];
  }

  function setUpBYOBReader(r, s) {
    if (isLocked(s)) throw new TypeError("the ReadableStream is locked");
    if (!s.controller.isByte) throw new TypeError("a BYOB reader needs a byte stream (type: 'bytes')");
    readerGenericInitialize(r, s);
    r.readIntoRequests = [];
  }

  function defaultReaderRead(r, request) {
    const s = r.stream;
    s.disturbed = true;
    if (s.state === "closed") request.closeSteps();
    else if (s.state === "errored") request.errorSteps(s.storedError);
    else if (s.controller.isByte) byteControllerPullSteps(s.controller, request);
    else defaultControllerPullSteps(s.controller, request);
  }

  function defaultReaderRelease(r) {
    readerGenericRelease(r);
    defaultReaderErrorReadRequests(r, new TypeError("the reader's lock was released"));
  }

  function defaultReaderErrorReadRequests(r, e) {
    const requests = r.readRequests;
    r.readRequests = [];
    for (const req of requests) req.errorSteps(e);
  }

  function byobReaderErrorReadIntoRequests(r, e) {
    const requests = r.readIntoRequests;
    r.readIntoRequests = [];
    for (const req of requests) req.errorSteps(e);
  }

  function byobReaderRelease(r) {
    readerGenericRelease(r);
    byobReaderErrorReadIntoRequests(r, new TypeError("the reader's lock was released"));
  }

  function byobReaderRead(r, view, min, request) {
    const s = r.stream;
    s.disturbed = true;
    if (s.state === "errored") request.errorSteps(s.storedError);
    else byteControllerPullInto(s.controller, view, min, request);
  }

  // The read request of reader.read(): settles its promise with an iterator result. (A class,
  // so that a read allocates no closures.)
  class PromiseReadRequest {
    constructor(d) {
      this.d = d;
    }
    chunkSteps(value) {
      this.d.resolve({ value, done: false });
    }
    closeSteps() {
      this.d.resolve({ value: undefined, done: true });
    }
    errorSteps(e) {
      this.d.reject(e);
    }
  }

  // The read-into request of BYOB reader.read(view).
  class PromiseReadIntoRequest {
    constructor(d) {
      this.d = d;
    }
    chunkSteps(value) {
      this.d.resolve({ value, done: false });
    }
    closeSteps(value) {
      this.d.resolve({ value, done: true });
    }
    errorSteps(e) {
      this.d.reject(e);
    }
  }

  class ReadableStreamDefaultReader {
    #s;
    static {
      readerRecord = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a ReadableStreamDefaultReader`);
      };
    }
    constructor(stream, record = undefined) {
      if (stream === INTERNAL) {
        this.#s = record;
        record.obj = this;
        return;
      }
      const s = streamRecord(stream, "ReadableStreamDefaultReader");
      const r = newReaderRecord(false);
      this.#s = r;
      r.obj = this;
      setUpDefaultReader(r, s);
    }
    get closed() {
      return readerRecord(this, "closed").closed.promise;
    }
    cancel(reason = undefined) {
      let r;
      try {
        r = readerRecord(this, "cancel");
      } catch (e) {
        return promiseReject(e);
      }
      if (r.stream === undefined) return promiseReject(new TypeError("the reader has no stream"));
      return readableStreamCancel(r.stream, reason);
    }
    read() {
      let r;
      try {
        r = readerRecord(this, "read");
      } catch (e) {
        return promiseReject(e);
      }
      if (r.stream === undefined) return promiseReject(new TypeError("the reader's lock was released"));
      const d = newPromise();
      defaultReaderRead(r, new PromiseReadRequest(d));
      return d.promise;
    }
    releaseLock() {
      const r = readerRecord(this, "releaseLock");
      if (r.stream === undefined) return;
      defaultReaderRelease(r);
    }
  }

  class ReadableStreamBYOBReader {
    #s;
    static {
      byobReaderRecord = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a ReadableStreamBYOBReader`);
      };
    }
    constructor(stream, record = undefined) {
      if (stream === INTERNAL) {
        this.#s = record;
        record.obj = this;
        return;
      }
      const s = streamRecord(stream, "ReadableStreamBYOBReader");
      const r = newReaderRecord(true);
      this.#s = r;
      r.obj = this;
      setUpBYOBReader(r, s);
    }
    get closed() {
      return byobReaderRecord(this, "closed").closed.promise;
    }
    cancel(reason = undefined) {
      let r;
      try {
        r = byobReaderRecord(this, "cancel");
      } catch (e) {
        return promiseReject(e);
      }
      if (r.stream === undefined) return promiseReject(new TypeError("the reader has no stream"));
      return readableStreamCancel(r.stream, reason);
    }
    read(view, options = undefined) {
      let r, info, min;
      try {
        r = byobReaderRecord(this, "read");
        info = viewInfo(view);
        if (info === undefined) throw new TypeError("read(view): view must be an ArrayBufferView");
        options = dictionary(options, "options");
        min = options.min === undefined ? 1 : enforceRangeULL(options.min, "options.min");
      } catch (e) {
        return promiseReject(e);
      }
      if (info.byteLength === 0) return promiseReject(new TypeError("read(view): view is empty"));
      if (arrayBufferByteLength.call(info.buffer) === 0) {
        return promiseReject(new TypeError("read(view): view's buffer is empty or detached"));
      }
      if (isDetached(info.buffer)) return promiseReject(new TypeError("read(view): view's buffer is detached"));
      if (min === 0) return promiseReject(new TypeError("read(view): options.min must be positive"));
      if (min > info.length) return promiseReject(new RangeError("read(view): options.min is larger than the view"));
      if (r.stream === undefined) return promiseReject(new TypeError("the reader's lock was released"));
      const d = newPromise();
      byobReaderRead(r, info, min, new PromiseReadIntoRequest(d));
      return d.promise;
    }
    releaseLock() {
      const r = byobReaderRecord(this, "releaseLock");
      if (r.stream === undefined) return;
      byobReaderRelease(r);
    }
  }

  // ---- ReadableStreamDefaultController ---------------------------------------------------

  function newDefaultController() {
    const c = {
      obj: undefined,
      isByte: false,
      stream: undefined,
      queue: [],
      queueTotalSize: 0,
      started: false,
      closeRequested: false,
      pullAgain: false,
      pulling: false,
      strategyHWM: 1,
      strategySizeAlgorithm: undefined,
      pullAlgorithm: undefined,
      cancelAlgorithm: undefined,
    };
    new ReadableStreamDefaultController(INTERNAL, c);
    return c;
  }

  function defaultControllerPullSteps(c, request) {
    const s = c.stream;
    if (c.queue.length > 0) {
      const chunk = dequeueValue(c);
      if (c.closeRequested && c.queue.length === 0) {
        defaultControllerClearAlgorithms(c);
        readableStreamClose(s);
      } else {
        defaultControllerCallPullIfNeeded(c);
      }
      request.chunkSteps(chunk);
    } else {
      s.reader.readRequests.push(request);
      defaultControllerCallPullIfNeeded(c);
    }
  }

  function setUpDefaultController(s, c, start, pull, cancel, hwm, size) {
    c.stream = s;
    resetQueue(c);
    c.started = c.closeRequested = c.pullAgain = c.pulling = false;
    c.strategySizeAlgorithm = size;
    c.strategyHWM = hwm;
    c.pullAlgorithm = pull;
    c.cancelAlgorithm = cancel;
    s.controller = c;
    const startResult = start();
    uponPromise(
      promiseResolve(startResult),
      () => {
        c.started = true;
        defaultControllerCallPullIfNeeded(c);
      },
      (r) => defaultControllerError(c, r)
    );
  }

  function setUpDefaultControllerFromSource(s, source, start, pull, cancel, hwm, size) {
    const c = newDefaultController();
    const startAlgorithm = start ? () => Reflect.apply(start, source, [c.obj]) : noop;
    const pullAlgorithm = pull ? () => promiseCall(pull, source, [c.obj]) : resolvedUndefined;
    const cancelAlgorithm = cancel ? (reason) => promiseCall(cancel, source, [reason]) : resolvedUndefined;
    setUpDefaultController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, hwm, size);
  }

  function defaultControllerCallPullIfNeeded(c) {
    if (!defaultControllerShouldCallPull(c)) return;
    if (c.pulling) {
      c.pullAgain = true;
      return;
    }
    c.pulling = true;
    uponPromise(
      c.pullAlgorithm(),
      () => {
        c.pulling = false;
        if (c.pullAgain) {
          c.pullAgain = false;
          defaultControllerCallPullIfNeeded(c);
        }
      },
      (e) => defaultControllerError(c, e)
    );
  }

  function defaultControllerShouldCallPull(c) {
    if (!defaultControllerCanCloseOrEnqueue(c)) return false;
    if (!c.started) return false;
    const s = c.stream;
    if (isLocked(s) && !s.reader.byob && s.reader.readRequests.length > 0) return true;
    return defaultControllerGetDesiredSize(c) > 0;
  }

  function defaultControllerClearAlgorithms(c) {
    c.pullAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
    c.strategySizeAlgorithm = undefined;
  }

  function defaultControllerClose(c) {
    if (!defaultControllerCanCloseOrEnqueue(c)) return;
    c.closeRequested = true;
    if (c.queue.length === 0) {
      defaultControllerClearAlgorithms(c);
      readableStreamClose(c.stream);
    }
  }

  function defaultControllerEnqueue(c, chunk) {
    if (!defaultControllerCanCloseOrEnqueue(c)) return;
    const s = c.stream;
    if (isLocked(s) && s.reader.readRequests.length > 0) {
      fulfillReadRequest(s, chunk, false);
    } else {
      let size;
      try {
        size = c.strategySizeAlgorithm(chunk);
        enqueueValueWithSize(c, chunk, size);
      } catch (e) {
        defaultControllerError(c, e);
        throw e;
      }
    }
    defaultControllerCallPullIfNeeded(c);
  }

  function defaultControllerError(c, e) {
    const s = c.stream;
    if (s.state !== "readable") return;
    resetQueue(c);
    defaultControllerClearAlgorithms(c);
    readableStreamError(s, e);
  }

  function defaultControllerGetDesiredSize(c) {
    const state = c.stream.state;
    if (state === "errored") return null;
    if (state === "closed") return 0;
    return c.strategyHWM - c.queueTotalSize;
  }

  function defaultControllerHasBackpressure(c) {
    return !defaultControllerShouldCallPull(c);
  }

  function defaultControllerCanCloseOrEnqueue(c) {
    return !c.closeRequested && c.stream.state === "readable";
  }

  class ReadableStreamDefaultController {
    #s;
    static {
      defaultControllerRecord = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a ReadableStreamDefaultController`);
      };
    }
    constructor(key = undefined, record = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
      this.#s = record;
      record.obj = this;
    }
    get desiredSize() {
      return defaultControllerGetDesiredSize(defaultControllerRecord(this, "desiredSize"));
    }
    close() {
      const c = defaultControllerRecord(this, "close");
      if (!defaultControllerCanCloseOrEnqueue(c)) throw new TypeError("the stream is not in a state that permits close");
      defaultControllerClose(c);
    }
    enqueue(chunk = undefined) {
      const c = defaultControllerRecord(this, "enqueue");
      if (!defaultControllerCanCloseOrEnqueue(c)) throw new TypeError("the stream is not in a state that permits enqueue");
      defaultControllerEnqueue(c, chunk);
    }
    error(e = undefined) {
      defaultControllerError(defaultControllerRecord(this, "error"), e);
    }
  }

  // ---- ReadableByteStreamController ------------------------------------------------------

  function newByteController() {
    const c = {
      obj: undefined,
      isByte: true,
      stream: undefined,
      queue: [],
      queueTotalSize: 0,
      started: false,
      closeRequested: false,
      pullAgain: false,
      pulling: false,
      strategyHWM: 0,
      pullAlgorithm: undefined,
      cancelAlgorithm: undefined,
      autoAllocateChunkSize: undefined,
      byobRequest: null,
      pendingPullIntos: [],
    };
    new ReadableByteStreamController(INTERNAL, c);
    return c;
  }

  // [[CancelSteps]] and [[ReleaseSteps]] of both controller kinds.
  function controllerCancelSteps(c, reason) {
    if (c.isByte) byteControllerClearPendingPullIntos(c);
    resetQueue(c);
    const result = c.cancelAlgorithm(reason);
    if (c.isByte) byteControllerClearAlgorithms(c);
    else defaultControllerClearAlgorithms(c);
    return result;
  }

  function controllerReleaseSteps(c) {
    if (c.isByte && c.pendingPullIntos.length > 0) {
      const first = c.pendingPullIntos[0];
      first.readerType = "none";
      c.pendingPullIntos = [first];
    }
  }

  function byteControllerPullSteps(c, request) {
    const s = c.stream;
    if (c.queueTotalSize > 0) {
      byteControllerFillReadRequestFromQueue(c, request);
      return;
    }
    const size = c.autoAllocateChunkSize;
    if (size !== undefined) {
      let buffer;
      try {
        buffer = new ArrayBuffer(size);
      } catch (e) {
        request.errorSteps(e);
        return;
      }
      c.pendingPullIntos.push({
        buffer,
        bufferByteLength: size,
        byteOffset: 0,
        byteLength: size,
        bytesFilled: 0,
        minimumFill: 1,
        elementSize: 1,
        viewConstructor: Uint8Array,
        readerType: "default",
      });
    }
    s.reader.readRequests.push(request);
    byteControllerCallPullIfNeeded(c);
  }

  function setUpByteController(s, c, start, pull, cancel, hwm, autoAllocateChunkSize) {
    c.stream = s;
    c.pullAgain = c.pulling = false;
    c.byobRequest = null;
    resetQueue(c);
    c.closeRequested = c.started = false;
    c.strategyHWM = hwm;
    c.pullAlgorithm = pull;
    c.cancelAlgorithm = cancel;
    c.autoAllocateChunkSize = autoAllocateChunkSize;
    c.pendingPullIntos = [];
    s.controller = c;
    const startResult = start();
    uponPromise(
      promiseResolve(startResult),
      () => {
        c.started = true;
        byteControllerCallPullIfNeeded(c);
      },
      (r) => byteControllerError(c, r)
    );
  }

  function setUpByteControllerFromSource(s, source, start, pull, cancel, autoAllocateChunkSize, hwm) {
    const c = newByteController();
    const startAlgorithm = start ? () => Reflect.apply(start, source, [c.obj]) : noop;
    const pullAlgorithm = pull ? () => promiseCall(pull, source, [c.obj]) : resolvedUndefined;
    const cancelAlgorithm = cancel ? (reason) => promiseCall(cancel, source, [reason]) : resolvedUndefined;
    if (autoAllocateChunkSize === 0) throw new TypeError("autoAllocateChunkSize must be positive");
    setUpByteController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, hwm, autoAllocateChunkSize);
  }

  function byteControllerCallPullIfNeeded(c) {
    if (!byteControllerShouldCallPull(c)) return;
    if (c.pulling) {
      c.pullAgain = true;
      return;
    }
    c.pulling = true;
    uponPromise(
      c.pullAlgorithm(),
      () => {
        c.pulling = false;
        if (c.pullAgain) {
          c.pullAgain = false;
          byteControllerCallPullIfNeeded(c);
        }
      },
      (e) => byteControllerError(c, e)
    );
  }

  function byteControllerShouldCallPull(c) {
    const s = c.stream;
    if (s.state !== "readable") return false;
    if (c.closeRequested) return false;
    if (!c.started) return false;
    if (hasDefaultReader(s) && numReadRequests(s) > 0) return true;
    if (hasBYOBReader(s) && numReadIntoRequests(s) > 0) return true;
    return byteControllerGetDesiredSize(c) > 0;
  }

  function byteControllerClearAlgorithms(c) {
    c.pullAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
  }

  function byteControllerClearPendingPullIntos(c) {
    byteControllerInvalidateBYOBRequest(c);
    c.pendingPullIntos = [];
  }

  function byteControllerClose(c) {
    const s = c.stream;
    if (c.closeRequested || s.state !== "readable") return;
    if (c.queueTotalSize > 0) {
      c.closeRequested = true;
      return;
    }
    if (c.pendingPullIntos.length > 0) {
      const first = c.pendingPullIntos[0];
      if (first.bytesFilled % first.elementSize !== 0) {
        const e = new TypeError("close() with a partially filled element in a pending BYOB read");
        byteControllerError(c, e);
        throw e;
      }
    }
    byteControllerClearAlgorithms(c);
    readableStreamClose(s);
  }

  function byteControllerCommitPullIntoDescriptor(s, pid) {
    let done = false;
    if (s.state === "closed") done = true;
    const filledView = byteControllerConvertPullIntoDescriptor(pid);
    if (pid.readerType === "default") fulfillReadRequest(s, filledView, done);
    else fulfillReadIntoRequest(s, filledView, done);
  }

  function byteControllerConvertPullIntoDescriptor(pid) {
    const buffer = transferArrayBuffer(pid.buffer);
    return new pid.viewConstructor(buffer, pid.byteOffset, pid.bytesFilled / pid.elementSize);
  }

  function byteControllerEnqueue(c, chunk, info) {
    const s = c.stream;
    if (c.closeRequested || s.state !== "readable") return;
    const { buffer, byteOffset, byteLength } = info;
    if (isDetached(buffer)) throw new TypeError("enqueue: the chunk's buffer is detached");
    const transferredBuffer = transferArrayBuffer(buffer);
    if (c.pendingPullIntos.length > 0) {
      const first = c.pendingPullIntos[0];
      if (isDetached(first.buffer)) throw new TypeError("enqueue: the BYOB request's buffer is detached");
      byteControllerInvalidateBYOBRequest(c);
      first.buffer = transferArrayBuffer(first.buffer);
      if (first.readerType === "none") byteControllerEnqueueDetachedPullIntoToQueue(c, first);
    }
    if (hasDefaultReader(s)) {
      byteControllerProcessReadRequestsUsingQueue(c);
      if (numReadRequests(s) === 0) {
        byteControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
      } else {
        if (c.pendingPullIntos.length > 0) byteControllerShiftPendingPullInto(c);
        fulfillReadRequest(s, new Uint8Array(transferredBuffer, byteOffset, byteLength), false);
      }
    } else if (hasBYOBReader(s)) {
      byteControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
      const filled = byteControllerProcessPullIntoDescriptorsUsingQueue(c);
      for (const pid of filled) byteControllerCommitPullIntoDescriptor(s, pid);
    } else {
      byteControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
    }
    byteControllerCallPullIfNeeded(c);
  }

  function byteControllerEnqueueChunkToQueue(c, buffer, byteOffset, byteLength) {
    c.queue.push({ buffer, byteOffset, byteLength });
    c.queueTotalSize += byteLength;
  }

  function byteControllerEnqueueClonedChunkToQueue(c, buffer, byteOffset, byteLength) {
    let clone;
    try {
      clone = arrayBufferSlice.call(buffer, byteOffset, byteOffset + byteLength);
    } catch (e) {
      byteControllerError(c, e);
      throw e;
    }
    byteControllerEnqueueChunkToQueue(c, clone, 0, byteLength);
  }

  function byteControllerEnqueueDetachedPullIntoToQueue(c, pid) {
    if (pid.bytesFilled > 0) byteControllerEnqueueClonedChunkToQueue(c, pid.buffer, pid.byteOffset, pid.bytesFilled);
    byteControllerShiftPendingPullInto(c);
  }

  function byteControllerError(c, e) {
    const s = c.stream;
    if (s.state !== "readable") return;
    byteControllerClearPendingPullIntos(c);
    resetQueue(c);
    byteControllerClearAlgorithms(c);
    readableStreamError(s, e);
  }

  function byteControllerFillPullIntoDescriptorFromQueue(c, pid) {
    const maxBytesToCopy = Math.min(c.queueTotalSize, pid.byteLength - pid.bytesFilled);
    const maxBytesFilled = pid.bytesFilled + maxBytesToCopy;
    let totalBytesToCopyRemaining = maxBytesToCopy;
    let ready = false;
    const remainderBytes = maxBytesFilled % pid.elementSize;
    const maxAlignedBytes = maxBytesFilled - remainderBytes;
    if (maxAlignedBytes >= pid.minimumFill) {
      totalBytesToCopyRemaining = maxAlignedBytes - pid.bytesFilled;
      ready = true;
    }
    const queue = c.queue;
    while (totalBytesToCopyRemaining > 0) {
      const head = queue[0];
      const bytesToCopy = Math.min(totalBytesToCopyRemaining, head.byteLength);
      const destStart = pid.byteOffset + pid.bytesFilled;
      copyBytes(pid.buffer, destStart, head.buffer, head.byteOffset, bytesToCopy);
      if (head.byteLength === bytesToCopy) {
        queue.shift();
      } else {
        head.byteOffset += bytesToCopy;
        head.byteLength -= bytesToCopy;
      }
      c.queueTotalSize -= bytesToCopy;
      pid.bytesFilled += bytesToCopy;
      totalBytesToCopyRemaining -= bytesToCopy;
    }
    return ready;
  }

  function byteControllerFillReadRequestFromQueue(c, request) {
    const entry = c.queue.shift();
    c.queueTotalSize -= entry.byteLength;
    byteControllerHandleQueueDrain(c);
    request.chunkSteps(new Uint8Array(entry.buffer, entry.byteOffset, entry.byteLength));
  }

  function byteControllerGetBYOBRequest(c) {
    if (c.byobRequest === null && c.pendingPullIntos.length > 0) {
      const first = c.pendingPullIntos[0];
      const view = new Uint8Array(
        first.buffer,
        first.byteOffset + first.bytesFilled,
        first.byteLength - first.bytesFilled
      );
      const r = { obj: undefined, controller: c, view };
      new ReadableStreamBYOBRequest(INTERNAL, r);
      c.byobRequest = r;
    }
    return c.byobRequest === null ? null : c.byobRequest.obj;
  }

  function byteControllerGetDesiredSize(c) {
    const state = c.stream.state;
    if (state === "errored") return null;
    if (state === "closed") return 0;
    return c.strategyHWM - c.queueTotalSize;
  }

  function byteControllerHandleQueueDrain(c) {
    if (c.queueTotalSize === 0 && c.closeRequested) {
      byteControllerClearAlgorithms(c);
      readableStreamClose(c.stream);
    } else {
      byteControllerCallPullIfNeeded(c);
    }
  }

  function byteControllerInvalidateBYOBRequest(c) {
    if (c.byobRequest === null) return;
    c.byobRequest.controller = undefined;
    c.byobRequest.view = null;
    c.byobRequest = null;
  }

  function byteControllerProcessPullIntoDescriptorsUsingQueue(c) {
    const filled = [];
    while (c.pendingPullIntos.length > 0) {
      if (c.queueTotalSize === 0) break;
      const pid = c.pendingPullIntos[0];
      if (byteControllerFillPullIntoDescriptorFromQueue(c, pid)) {
        byteControllerShiftPendingPullInto(c);
        filled.push(pid);
      }
    }
    return filled;
  }

  function byteControllerProcessReadRequestsUsingQueue(c) {
    const reader = c.stream.reader;
    while (reader.readRequests.length > 0) {
      if (c.queueTotalSize === 0) return;
      const request = reader.readRequests.shift();
      byteControllerFillReadRequestFromQueue(c, request);
    }
  }

  function byteControllerPullInto(c, info, min, request) {
    const s = c.stream;
    const { elementSize, ctor, byteOffset, byteLength } = info;
    const minimumFill = min * elementSize;
    let buffer;
    try {
      buffer = transferArrayBuffer(info.buffer);
    } catch (e) {
      request.errorSteps(e);
      return;
    }
    const pid = {
      buffer,
      bufferByteLength: arrayBufferByteLength.call(buffer),
      byteOffset,
      byteLength,
      bytesFilled: 0,
      minimumFill,
      elementSize,
      viewConstructor: ctor,
      readerType: "byob",
    };
    if (c.pendingPullIntos.length > 0) {
      c.pendingPullIntos.push(pid);
      s.reader.readIntoRequests.push(request);
      return;
    }
    if (s.state === "closed") {
      request.closeSteps(new ctor(pid.buffer, pid.byteOffset, 0));
      return;
    }
    if (c.queueTotalSize > 0) {
      if (byteControllerFillPullIntoDescriptorFromQueue(c, pid)) {
        const filledView = byteControllerConvertPullIntoDescriptor(pid);
        byteControllerHandleQueueDrain(c);
        request.chunkSteps(filledView);
        return;
      }
      if (c.closeRequested) {
        const e = new TypeError("the stream closed with a partially filled element");
        byteControllerError(c, e);
        request.errorSteps(e);
        return;
      }
    }
    c.pendingPullIntos.push(pid);
    s.reader.readIntoRequests.push(request);
    byteControllerCallPullIfNeeded(c);
  }

  function byteControllerRespond(c, bytesWritten) {
    const first = c.pendingPullIntos[0];
    const state = c.stream.state;
    if (state === "closed") {
      if (bytesWritten !== 0) throw new TypeError("respond: bytesWritten must be 0 on a closed stream");
    } else {
      if (bytesWritten === 0) throw new TypeError("respond: bytesWritten must be positive");
      if (first.bytesFilled + bytesWritten > first.byteLength) throw new RangeError("respond: bytesWritten too large");
    }
    first.buffer = transferArrayBuffer(first.buffer);
    byteControllerRespondInternal(c, bytesWritten);
  }

  function byteControllerRespondInClosedState(c, first) {
    if (first.readerType === "none") byteControllerShiftPendingPullInto(c);
    const s = c.stream;
    if (hasBYOBReader(s)) {
      const filled = [];
      while (filled.length < numReadIntoRequests(s)) filled.push(byteControllerShiftPendingPullInto(c));
      for (const pid of filled) byteControllerCommitPullIntoDescriptor(s, pid);
    }
  }

  function byteControllerRespondInReadableState(c, bytesWritten, pid) {
    pid.bytesFilled += bytesWritten;
    if (pid.readerType === "none") {
      byteControllerEnqueueDetachedPullIntoToQueue(c, pid);
      const filled = byteControllerProcessPullIntoDescriptorsUsingQueue(c);
      for (const p of filled) byteControllerCommitPullIntoDescriptor(c.stream, p);
      return;
    }
    if (pid.bytesFilled < pid.minimumFill) return;
    byteControllerShiftPendingPullInto(c);
    const remainderSize = pid.bytesFilled % pid.elementSize;
    if (remainderSize > 0) {
      const end = pid.byteOffset + pid.bytesFilled;
      byteControllerEnqueueClonedChunkToQueue(c, pid.buffer, end - remainderSize, remainderSize);
    }
    pid.bytesFilled -= remainderSize;
    const filled = byteControllerProcessPullIntoDescriptorsUsingQueue(c);
    byteControllerCommitPullIntoDescriptor(c.stream, pid);
    for (const p of filled) byteControllerCommitPullIntoDescriptor(c.stream, p);
  }

  function byteControllerRespondInternal(c, bytesWritten) {
    const first = c.pendingPullIntos[0];
    byteControllerInvalidateBYOBRequest(c);
    if (c.stream.state === "closed") byteControllerRespondInClosedState(c, first);
    else byteControllerRespondInReadableState(c, bytesWritten, first);
    byteControllerCallPullIfNeeded(c);
  }

  function byteControllerRespondWithNewView(c, info) {
    const first = c.pendingPullIntos[0];
    const state = c.stream.state;
    if (state === "closed") {
      if (info.byteLength !== 0) throw new TypeError("respondWithNewView: the view must be empty on a closed stream");
    } else if (info.byteLength === 0) {
      throw new TypeError("respondWithNewView: the view must not be empty");
    }
    if (first.byteOffset + first.bytesFilled !== info.byteOffset) {
      throw new RangeError("respondWithNewView: the view's offset does not match the request");
    }
    if (first.bufferByteLength !== arrayBufferByteLength.call(info.buffer)) {
      throw new RangeError("respondWithNewView: the view's buffer length does not match the request");
    }
    if (first.bytesFilled + info.byteLength > first.byteLength) {
      throw new RangeError("respondWithNewView: the view is larger than the request");
    }
    const viewByteLength = info.byteLength;
    first.buffer = transferArrayBuffer(info.buffer);
    byteControllerRespondInternal(c, viewByteLength);
  }

  function byteControllerShiftPendingPullInto(c) {
    return c.pendingPullIntos.shift();
  }

  class ReadableByteStreamController {
    #s;
    static {
      byteControllerRecord = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a ReadableByteStreamController`);
      };
    }
    constructor(key = undefined, record = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
      this.#s = record;
      record.obj = this;
    }
    get byobRequest() {
      return byteControllerGetBYOBRequest(byteControllerRecord(this, "byobRequest"));
    }
    get desiredSize() {
      return byteControllerGetDesiredSize(byteControllerRecord(this, "desiredSize"));
    }
    close() {
      const c = byteControllerRecord(this, "close");
      if (c.closeRequested) throw new TypeError("close: the stream is already closing");
      if (c.stream.state !== "readable") throw new TypeError("close: the stream is not readable");
      byteControllerClose(c);
    }
    enqueue(chunk) {
      const c = byteControllerRecord(this, "enqueue");
      const info = viewInfo(chunk);
      if (info === undefined) throw new TypeError("enqueue: chunk must be an ArrayBufferView");
      if (info.byteLength === 0) throw new TypeError("enqueue: chunk is empty");
      if (arrayBufferByteLength.call(info.buffer) === 0) throw new TypeError("enqueue: chunk's buffer is empty or detached");
      if (c.closeRequested) throw new TypeError("enqueue: the stream is closing");
      if (c.stream.state !== "readable") throw new TypeError("enqueue: the stream is not readable");
      byteControllerEnqueue(c, chunk, info);
    }
    error(e = undefined) {
      byteControllerError(byteControllerRecord(this, "error"), e);
    }
  }

  class ReadableStreamBYOBRequest {
    #s;
    static {
      byobRequestRecord = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a ReadableStreamBYOBRequest`);
      };
    }
    constructor(key = undefined, record = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
      this.#s = record;
      record.obj = this;
    }
    get view() {
      return byobRequestRecord(this, "view").view;
    }
    respond(bytesWritten) {
      const r = byobRequestRecord(this, "respond");
      const n = enforceRangeULL(bytesWritten, "bytesWritten");
      if (r.controller === undefined) throw new TypeError("respond: this request was already answered");
      if (isDetached(typedArrayBuffer.call(r.view))) throw new TypeError("respond: the view's buffer is detached");
      byteControllerRespond(r.controller, n);
    }
    respondWithNewView(view) {
      const r = byobRequestRecord(this, "respondWithNewView");
      const info = viewInfo(view);
      if (info === undefined) throw new TypeError("respondWithNewView: view must be an ArrayBufferView");
      if (r.controller === undefined) throw new TypeError("respondWithNewView: this request was already answered");
      if (isDetached(info.buffer)) throw new TypeError("respondWithNewView: the view's buffer is detached");
      byteControllerRespondWithNewView(r.controller, info);
    }
  }

  // ---- tee ---------------------------------------------------------------------------------

  function readableStreamDefaultTee(s) {
    const reader = acquireDefaultReader(s);
    let reading = false;
    let readAgain = false;
    let canceled1 = false;
    let canceled2 = false;
    let reason1, reason2, branch1, branch2;
    const cancelPromise = newPromise();
    const pullAlgorithm = () => {
      if (reading) {
        readAgain = true;
        return resolvedUndefined();
      }
      reading = true;
      defaultReaderRead(reader, {
        chunkSteps: (chunk) =>
          queueMicrotask(() => {
            readAgain = false;
            if (!canceled1) defaultControllerEnqueue(branch1.controller, chunk);
            if (!canceled2) defaultControllerEnqueue(branch2.controller, chunk);
            reading = false;
            if (readAgain) pullAlgorithm();
          }),
        closeSteps: () => {
          reading = false;
          if (!canceled1) defaultControllerClose(branch1.controller);
          if (!canceled2) defaultControllerClose(branch2.controller);
          if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
        },
        errorSteps: () => {
          reading = false;
        },
      });
      return resolvedUndefined();
    };
    const cancel1 = (reason) => {
      canceled1 = true;
      reason1 = reason;
      if (canceled2) cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
      return cancelPromise.promise;
    };
    const cancel2 = (reason) => {
      canceled2 = true;
      reason2 = reason;
      if (canceled1) cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
      return cancelPromise.promise;
    };
    branch1 = createReadableStream(noop, pullAlgorithm, cancel1);
    branch2 = createReadableStream(noop, pullAlgorithm, cancel2);
    uponRejection(reader.closed.promise, (r) => {
      defaultControllerError(branch1.controller, r);
      defaultControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
    });
    return [branch1, branch2];
  }

  // Byte-stream tee: both branches are byte streams fed from a default reader on the source; the
  // second branch gets a copy of each chunk so the two can be consumed (and detached)
  // independently. BYOB reads on a branch are served from that branch's own queue.
  function readableByteStreamTee(s) {
    const reader = acquireDefaultReader(s);
    let reading = false;
    let readAgain = false;
    let canceled1 = false;
    let canceled2 = false;
    let reason1, reason2, branch1, branch2;
    const cancelPromise = newPromise();
    const enqueueTo = (branch, chunk) => {
      const c = branch.controller;
      if (c.closeRequested || branch.state !== "readable") return;
      byteControllerEnqueue(c, chunk, viewInfo(chunk));
    };
    const closeBranch = (branch) => {
      const c = branch.controller;
      byteControllerClose(c);
      if (c.pendingPullIntos.length > 0) byteControllerRespond(c, 0);
    };
    const pullAlgorithm = () => {
      if (reading) {
        readAgain = true;
        return resolvedUndefined();
      }
      reading = true;
      defaultReaderRead(reader, {
        chunkSteps: (chunk) =>
          queueMicrotask(() => {
            readAgain = false;
            const info = viewInfo(chunk);
            const copy = new Uint8Array(arrayBufferSlice.call(info.buffer, info.byteOffset, info.byteOffset + info.byteLength));
            try {
              if (!canceled1) enqueueTo(branch1, chunk);
              if (!canceled2) enqueueTo(branch2, copy);
            } catch (e) {
              byteControllerError(branch1.controller, e);
              byteControllerError(branch2.controller, e);
              cancelPromise.resolve(readableStreamCancel(s, e));
              return;
            }
            reading = false;
            if (readAgain) pullAlgorithm();
          }),
        closeSteps: () => {
          reading = false;
          if (!canceled1) closeBranch(branch1);
          if (!canceled2) closeBranch(branch2);
          if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
        },
        errorSteps: () => {
          reading = false;
        },
      });
      return resolvedUndefined();
    };
    const cancel1 = (reason) => {
      canceled1 = true;
      reason1 = reason;
      if (canceled2) cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
      return cancelPromise.promise;
    };
    const cancel2 = (reason) => {
      canceled2 = true;
      reason2 = reason;
      if (canceled1) cancelPromise.resolve(readableStreamCancel(s, [reason1, reason2]));
      return cancelPromise.promise;
    };
    branch1 = createReadableByteStream(noop, pullAlgorithm, cancel1);
    branch2 = createReadableByteStream(noop, pullAlgorithm, cancel2);
    uponRejection(reader.closed.promise, (r) => {
      byteControllerError(branch1.controller, r);
      byteControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
    });
    return [branch1, branch2];
  }

  // ---- async iteration ----------------------------------------------------------------------

  let iteratorRecord;
  const ReadableStreamAsyncIteratorPrototype = Object.create(asyncIteratorPrototype);
  class AsyncIteratorState {
    #s;
    static {
      iteratorRecord = (o) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError("'this' is not a ReadableStream async iterator");
      };
    }
    constructor(record) {
      this.#s = record;
    }
  }

  function createAsyncIterator(s, preventCancel) {
    const reader = acquireDefaultReader(s);
    const it = new AsyncIteratorState({ reader, preventCancel, ongoing: undefined, finished: false });
    Object.setPrototypeOf(it, ReadableStreamAsyncIteratorPrototype);
    return it;
  }

  function iteratorNextSteps(st) {
    if (st.finished) return promiseResolve({ value: undefined, done: true });
    const reader = st.reader;
    if (reader.stream === undefined) return promiseReject(new TypeError("the iterator's reader was released"));
    const d = newPromise();
    defaultReaderRead(reader, {
      chunkSteps: (value) => d.resolve({ value, done: false }),
      closeSteps: () => {
        st.finished = true;
        defaultReaderRelease(reader);
        d.resolve({ value: undefined, done: true });
      },
      errorSteps: (e) => {
        st.finished = true;
        defaultReaderRelease(reader);
        d.reject(e);
      },
    });
    return d.promise;
  }

  function iteratorReturnSteps(st, value) {
    if (st.finished) return promiseResolve({ value, done: true });
    st.finished = true;
    const reader = st.reader;
    if (reader.stream === undefined) return promiseResolve({ value, done: true });
    if (!st.preventCancel) {
      const result = readableStreamCancel(reader.stream, value);
      defaultReaderRelease(reader);
      return then(result, () => ({ value, done: true }));
    }
    defaultReaderRelease(reader);
    return promiseResolve({ value, done: true });
  }

  Object.defineProperties(ReadableStreamAsyncIteratorPrototype, {
    next: {
      value: function next() {
        let st;
        try {
          st = iteratorRecord(this);
        } catch (e) {
          return promiseReject(e);
        }
        const steps = () => iteratorNextSteps(st);
        const p = st.ongoing ? then(st.ongoing, steps, steps) : steps();
        st.ongoing = p;
        const clear = () => {
          if (st.ongoing === p) st.ongoing = undefined;
        };
        promiseThen.call(p, clear, clear);
        return p;
      },
      writable: true,
      configurable: true,
    },
    return: {
      value: function (value = undefined) {
        let st;
        try {
          st = iteratorRecord(this);
        } catch (e) {
          return promiseReject(e);
        }
        const steps = () => iteratorReturnSteps(st, value);
        const p = st.ongoing ? then(st.ongoing, steps, steps) : steps();
        st.ongoing = p;
        return p;
      },
      writable: true,
      configurable: true,
    },
    [Symbol.toStringTag]: { value: "ReadableStream AsyncIterator", configurable: true },
  });

  // ---- ReadableStream.from -------------------------------------------------------------------

  function getAsyncIterator(obj) {
    if (obj === null || obj === undefined) throw new TypeError("ReadableStream.from: argument is not iterable");
    const asyncMethod = obj[Symbol.asyncIterator];
    if (asyncMethod !== undefined && asyncMethod !== null) {
      if (typeof asyncMethod !== "function") throw new TypeError("ReadableStream.from: @@asyncIterator is not a function");
      const iterator = Reflect.apply(asyncMethod, obj, []);
      if (!isObject(iterator)) throw new TypeError("ReadableStream.from: the async iterator is not an object");
      return { iterator, next: iterator.next };
    }
    const syncMethod = obj[Symbol.iterator];
    if (typeof syncMethod !== "function") throw new TypeError("ReadableStream.from: argument is not iterable");
    const syncIterator = Reflect.apply(syncMethod, obj, []);
    if (!isObject(syncIterator)) throw new TypeError("ReadableStream.from: the iterator is not an object");
    const syncNext = syncIterator.next;
    // CreateAsyncFromSyncIterator: await each value; forward return().
    const unwrap = (result) => {
      if (!isObject(result)) throw new TypeError("iterator result is not an object");
      const done = !!result.done;
      return then(promiseResolve(result.value), (value) => ({ value, done }));
    };
    const iterator = {
      next() {
        return unwrap(Reflect.apply(syncNext, syncIterator, []));
      },
      return(value) {
        const ret = syncIterator.return;
        if (ret === undefined || ret === null) return { value, done: true };
        return unwrap(Reflect.apply(ret, syncIterator, [value]));
      },
    };
    return { iterator, next: iterator.next };
  }

  function readableStreamFromIterable(asyncIterable) {
    const record = getAsyncIterator(asyncIterable);
    let s;
    const pullAlgorithm = () => {
      let nextResult;
      try {
        nextResult = Reflect.apply(record.next, record.iterator, []);
      } catch (e) {
        return promiseReject(e);
      }
      return then(promiseResolve(nextResult), (iterResult) => {
        if (!isObject(iterResult)) throw new TypeError("iterator result is not an object");
        if (iterResult.done) defaultControllerClose(s.controller);
        else defaultControllerEnqueue(s.controller, iterResult.value);
      });
    };
    const cancelAlgorithm = (reason) => {
      const iterator = record.iterator;
      let returnMethod, returnResult;
      try {
        returnMethod = iterator.return;
        if (returnMethod === undefined || returnMethod === null) return resolvedUndefined();
        returnResult = Reflect.apply(returnMethod, iterator, [reason]);
      } catch (e) {
        return promiseReject(e);
      }
      return then(promiseResolve(returnResult), (r) => {
        if (!isObject(r)) throw new TypeError("iterator return() result is not an object");
      });
    };
    s = createReadableStream(noop, pullAlgorithm, cancelAlgorithm, 0);
    return s;
  }

  // ---- pipeTo ----------------------------------------------------------------------------------

  function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal) {
    const reader = acquireDefaultReader(source);
    const writer = acquireWriter(dest);
    source.disturbed = true;
    let shuttingDown = false;
    let currentWrite = resolvedUndefined();
    const result = newPromise();
    let abortAlgorithm;

    const waitForWritesToFinish = () => {
      const old = currentWrite;
      return then(currentWrite, () => (old !== currentWrite ? waitForWritesToFinish() : undefined));
    };
    const finalize = (isError, error) => {
      writerRelease(writer);
      defaultReaderRelease(reader);
      if (signal !== undefined) abortApi().removeEventListener.call(signal, "abort", abortAlgorithm);
      if (isError) result.reject(error);
      else result.resolve(undefined);
    };
    const shutdownWithAction = (action, originalIsError, originalError) => {
      if (shuttingDown) return;
      shuttingDown = true;
      const doTheRest = () => {
        let p;
        try {
          p = promiseResolve(action());
        } catch (e) {
          p = promiseReject(e);
        }
        uponPromise(
          p,
          () => finalize(originalIsError, originalError),
          (newError) => finalize(true, newError)
        );
      };
      if (dest.state === "writable" && !writableStreamCloseQueuedOrInFlight(dest)) {
        uponFulfillment(waitForWritesToFinish(), doTheRest);
      } else {
        doTheRest();
      }
    };
    const shutdown = (isError, error) => {
      if (shuttingDown) return;
      shuttingDown = true;
      if (dest.state === "writable" && !writableStreamCloseQueuedOrInFlight(dest)) {
        uponFulfillment(waitForWritesToFinish(), () => finalize(isError, error));
      } else {
        finalize(isError, error);
      }
    };

    if (signal !== undefined) {
      abortAlgorithm = () => {
        const error = abortApi().reason.call(signal);
        const actions = [];
        if (!preventAbort) {
          actions.push(() => (dest.state === "writable" ? writableStreamAbort(dest, error) : resolvedUndefined()));
        }
        if (!preventCancel) {
          actions.push(() => (source.state === "readable" ? readableStreamCancel(source, error) : resolvedUndefined()));
        }
        shutdownWithAction(() => Promise.all(actions.map((a) => a())), true, error);
      };
      if (abortApi().aborted.call(signal)) {
        abortAlgorithm();
        return result.promise;
      }
      abortApi().addEventListener.call(signal, "abort", abortAlgorithm);
    }

    // Errors must be propagated forward, backward; closing forward, backward.
    const onSourceErrored = (storedError) => {
      if (!preventAbort) shutdownWithAction(() => writableStreamAbort(dest, storedError), true, storedError);
      else shutdown(true, storedError);
    };
    const onDestErrored = (storedError) => {
      if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, storedError), true, storedError);
      else shutdown(true, storedError);
    };
    const onSourceClosed = () => {
      if (!preventClose) shutdownWithAction(() => writerCloseWithErrorPropagation(writer));
      else shutdown();
    };
    if (source.state === "errored") onSourceErrored(source.storedError);
    else uponRejection(reader.closed.promise, onSourceErrored);
    if (dest.state === "errored") onDestErrored(dest.storedError);
    else uponRejection(writer.closed.promise, onDestErrored);
    if (source.state === "closed") onSourceClosed();
    else uponFulfillment(reader.closed.promise, onSourceClosed);
    if (writableStreamCloseQueuedOrInFlight(dest) || dest.state === "closed") {
      const destClosed = new TypeError("the destination WritableStream is closed");
      if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, destClosed), true, destClosed);
      else shutdown(true, destClosed);
    }

    const pipeStep = () => {
      if (shuttingDown) return promiseResolve(true);
      return then(writer.ready.promise, () => {
        if (shuttingDown) return true;
        const d = newPromise();
        defaultReaderRead(reader, {
          chunkSteps: (chunk) => {
            currentWrite = then(writerWrite(writer, chunk), undefined, noop);
            d.resolve(false);
          },
          closeSteps: () => d.resolve(true),
          errorSteps: d.reject,
        });
        return d.promise;
      });
    };
    const pipeLoop = () => then(pipeStep(), (done) => (done ? undefined : pipeLoop()));
    setHandled(pipeLoop());
    return result.promise;
  }

  // =======================================================================================
  // WritableStream
  // =======================================================================================

  let writableRecord, writerRecord, writableControllerRecord, isWritableStream;

  function newWritableRecord() {
    return {
      obj: undefined,
      state: "writable",
      storedError: undefined,
      writer: undefined,
      controller: undefined,
      inFlightWriteRequest: undefined,
      closeRequest: undefined,
      inFlightCloseRequest: undefined,
      pendingAbortRequest: undefined,
      writeRequests: [],
      backpressure: false,
    };
  }

  class WritableStream {
    #s;
    static {
      writableRecord = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a WritableStream`);
      };
      isWritableStream = (o) => isObject(o) && #s in o;
    }
    constructor(underlyingSink = undefined, strategy = undefined) {
      if (underlyingSink === INTERNAL) {
        this.#s = strategy;
        strategy.obj = this;
        return;
      }
      const w = newWritableRecord();
      this.#s = w;
      w.obj = this;
      if (underlyingSink === null) underlyingSink = undefined;
      const sink = dictionary(underlyingSink, "underlyingSink");
      strategy = dictionary(strategy, "strategy");
      const start = callbackMember(sink, "start", "underlyingSink");
      const write = callbackMember(sink, "write", "underlyingSink");
      const close = callbackMember(sink, "close", "underlyingSink");
      const abort = callbackMember(sink, "abort", "underlyingSink");
      if (sink.type !== undefined) throw new RangeError("underlyingSink.type is reserved and must be undefined");
      const size = extractSizeAlgorithm(strategy);
      const hwm = extractHighWaterMark(strategy, 1);
      const c = newWritableController();
      const startAlgorithm = start ? () => Reflect.apply(start, sink, [c.obj]) : noop;
      const writeAlgorithm = write ? (chunk) => promiseCall(write, sink, [chunk, c.obj]) : resolvedUndefined;
      const closeAlgorithm = close ? () => promiseCall(close, sink, []) : resolvedUndefined;
      const abortAlgorithm = abort ? (reason) => promiseCall(abort, sink, [reason]) : resolvedUndefined;
      setUpWritableController(w, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, hwm, size);
    }
    get locked() {
      return writableRecord(this, "locked").writer !== undefined;
    }
    abort(reason = undefined) {
      let w;
      try {
        w = writableRecord(this, "abort");
      } catch (e) {
        return promiseReject(e);
      }
      if (w.writer !== undefined) return promiseReject(new TypeError("cannot abort a locked WritableStream"));
      return writableStreamAbort(w, reason);
    }
    close() {
      let w;
      try {
        w = writableRecord(this, "close");
      } catch (e) {
        return promiseReject(e);
      }
      if (w.writer !== undefined) return promiseReject(new TypeError("cannot close a locked WritableStream"));
      if (writableStreamCloseQueuedOrInFlight(w)) return promiseReject(new TypeError("the WritableStream is already closing"));
      return writableStreamClose(w);
    }
    getWriter() {
      return acquireWriter(writableRecord(this, "getWriter")).obj;
    }
  }

  function createWritableStream(start, write, close, abort, hwm, size) {
    const w = newWritableRecord();
    new WritableStream(INTERNAL, w);
    const c = newWritableController();
    setUpWritableController(w, c, start, write, close, abort, hwm, size);
    return w;
  }

  function writableStreamAbort(w, reason) {
    if (w.state === "closed" || w.state === "errored") return resolvedUndefined();
    writableControllerSignalAbort(w.controller, reason);
    const state = w.state;
    if (state === "closed" || state === "errored") return resolvedUndefined();
    if (w.pendingAbortRequest !== undefined) return w.pendingAbortRequest.promise.promise;
    let wasAlreadyErroring = false;
    if (state === "erroring") {
      wasAlreadyErroring = true;
      reason = undefined;
    }
    const promise = newPromise();
    w.pendingAbortRequest = { promise, reason, wasAlreadyErroring };
    if (!wasAlreadyErroring) writableStreamStartErroring(w, reason);
    return promise.promise;
  }

  function writableStreamClose(w) {
    const state = w.state;
    if (state === "closed" || state === "errored") {
      return promiseReject(new TypeError("the WritableStream is closed or errored"));
    }
    const promise = newPromise();
    w.closeRequest = promise;
    const writer = w.writer;
    if (writer !== undefined && w.backpressure && state === "writable") resolveDeferred(writer.ready, undefined);
    writableControllerClose(w.controller);
    return promise.promise;
  }

  function writableStreamDealWithRejection(w, error) {
    if (w.state === "writable") {
      writableStreamStartErroring(w, error);
      return;
    }
    writableStreamFinishErroring(w);
  }

  function writableStreamFinishErroring(w) {
    w.state = "errored";
    resetQueue(w.controller);
    const storedError = w.storedError;
    for (const r of w.writeRequests) r.reject(storedError);
    w.writeRequests = [];
    if (w.pendingAbortRequest === undefined) {
      writableStreamRejectCloseAndClosedPromiseIfNeeded(w);
      return;
    }
    const abortRequest = w.pendingAbortRequest;
    w.pendingAbortRequest = undefined;
    if (abortRequest.wasAlreadyErroring) {
      abortRequest.promise.reject(storedError);
      writableStreamRejectCloseAndClosedPromiseIfNeeded(w);
      return;
    }
    const c = w.controller;
    const p = c.abortAlgorithm(abortRequest.reason);
    writableControllerClearAlgorithms(c);
    uponPromise(
      p,
      () => {
        abortRequest.promise.resolve(undefined);
        writableStreamRejectCloseAndClosedPromiseIfNeeded(w);
      },
      (reason) => {
        abortRequest.promise.reject(reason);
        writableStreamRejectCloseAndClosedPromiseIfNeeded(w);
      }
    );
  }

  function writableStreamFinishInFlightClose(w) {
    w.inFlightCloseRequest.resolve(undefined);
    w.inFlightCloseRequest = undefined;
    if (w.state === "erroring") {
      w.storedError = undefined;
      if (w.pendingAbortRequest !== undefined) {
        w.pendingAbortRequest.promise.resolve(undefined);
        w.pendingAbortRequest = undefined;
      }
    }
    w.state = "closed";
    if (w.writer !== undefined) resolveDeferred(w.writer.closed, undefined);
  }

  function writableStreamFinishInFlightCloseWithError(w, error) {
    w.inFlightCloseRequest.reject(error);
    w.inFlightCloseRequest = undefined;
    if (w.pendingAbortRequest !== undefined) {
      w.pendingAbortRequest.promise.reject(error);
      w.pendingAbortRequest = undefined;
    }
    writableStreamDealWithRejection(w, error);
  }

  function writableStreamFinishInFlightWrite(w) {
    w.inFlightWriteRequest.resolve(undefined);
    w.inFlightWriteRequest = undefined;
  }

  function writableStreamFinishInFlightWriteWithError(w, error) {
    w.inFlightWriteRequest.reject(error);
    w.inFlightWriteRequest = undefined;
    writableStreamDealWithRejection(w, error);
  }

  function writableStreamCloseQueuedOrInFlight(w) {
    return w.closeRequest !== undefined || w.inFlightCloseRequest !== undefined;
  }

  function writableStreamHasOperationMarkedInFlight(w) {
    return w.inFlightWriteRequest !== undefined || w.inFlightCloseRequest !== undefined;
  }

  function writableStreamRejectCloseAndClosedPromiseIfNeeded(w) {
    if (w.closeRequest !== undefined) {
      w.closeRequest.reject(w.storedError);
      w.closeRequest = undefined;
    }
    const writer = w.writer;
    if (writer !== undefined) rejectDeferred(writer.closed, w.storedError);
  }

  function writableStreamStartErroring(w, reason) {
    const c = w.controller;
    w.state = "erroring";
    w.storedError = reason;
    const writer = w.writer;
    if (writer !== undefined) writerEnsureReadyPromiseRejected(writer, reason);
    if (!writableStreamHasOperationMarkedInFlight(w) && c.started) writableStreamFinishErroring(w);
  }

  function writableStreamUpdateBackpressure(w, backpressure) {
    const writer = w.writer;
    if (writer !== undefined && backpressure !== w.backpressure) {
      if (backpressure) writer.ready = deferred();
      else resolveDeferred(writer.ready, undefined);
    }
    w.backpressure = backpressure;
  }

  // ---- WritableStreamDefaultWriter ---------------------------------------------------------

  function acquireWriter(w) {
    const r = { obj: undefined, stream: undefined, ready: undefined, closed: undefined };
    new WritableStreamDefaultWriter(INTERNAL, r);
    setUpWriter(r, w);
    return r;
  }

  function setUpWriter(r, w) {
    if (w.writer !== undefined) throw new TypeError("the WritableStream is locked");
    r.stream = w;
    w.writer = r;
    const state = w.state;
    if (state === "writable") {
      r.ready = !writableStreamCloseQueuedOrInFlight(w) && w.backpressure ? deferred() : resolvedDeferred(undefined);
      r.closed = deferred();
    } else if (state === "erroring") {
      r.ready = rejectedDeferred(w.storedError);
      r.closed = deferred();
    } else if (state === "closed") {
      r.ready = resolvedDeferred(undefined);
      r.closed = resolvedDeferred(undefined);
    } else {
      r.ready = rejectedDeferred(w.storedError);
      r.closed = rejectedDeferred(w.storedError);
    }
  }

  function writerCloseWithErrorPropagation(r) {
    const w = r.stream;
    const state = w.state;
    if (writableStreamCloseQueuedOrInFlight(w) || state === "closed") return resolvedUndefined();
    if (state === "errored") return promiseReject(w.storedError);
    return writableStreamClose(w);
  }

  function writerEnsureClosedPromiseRejected(r, error) {
    if (r.closed.state === "pending") rejectDeferred(r.closed, error);
    else r.closed = rejectedDeferred(error);
  }

  function writerEnsureReadyPromiseRejected(r, error) {
    if (r.ready.state === "pending") rejectDeferred(r.ready, error);
    else r.ready = rejectedDeferred(error);
  }

  function writerGetDesiredSize(r) {
    const w = r.stream;
    const state = w.state;
    if (state === "errored" || state === "erroring") return null;
    if (state === "closed") return 0;
    return writableControllerGetDesiredSize(w.controller);
  }

  function writerRelease(r) {
    const w = r.stream;
    const releasedError = new TypeError("the writer's lock was released");
    writerEnsureReadyPromiseRejected(r, releasedError);
    writerEnsureClosedPromiseRejected(r, releasedError);
    w.writer = undefined;
    r.stream = undefined;
  }

  function writerWrite(r, chunk) {
    const w = r.stream;
    const c = w.controller;
    const chunkSize = writableControllerGetChunkSize(c, chunk);
    if (w !== r.stream) return promiseReject(new TypeError("the writer's lock was released"));
    const state = w.state;
    if (state === "errored") return promiseReject(w.storedError);
    if (writableStreamCloseQueuedOrInFlight(w) || state === "closed") {
      return promiseReject(new TypeError("the WritableStream is closing or closed"));
    }
    if (state === "erroring") return promiseReject(w.storedError);
    const promise = newPromise();
    w.writeRequests.push(promise);
    writableControllerWrite(c, chunk, chunkSize);
    return promise.promise;
  }

  class WritableStreamDefaultWriter {
    #s;
    static {
      writerRecord = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a WritableStreamDefaultWriter`);
      };
    }
    constructor(stream, record = undefined) {
      if (stream === INTERNAL) {
        this.#s = record;
        record.obj = this;
        return;
      }
      const w = writableRecord(stream, "WritableStreamDefaultWriter");
      const r = { obj: this, stream: undefined, ready: undefined, closed: undefined };
      this.#s = r;
      setUpWriter(r, w);
    }
    get closed() {
      return writerRecord(this, "closed").closed.promise;
    }
    get desiredSize() {
      const r = writerRecord(this, "desiredSize");
      if (r.stream === undefined) throw new TypeError("the writer's lock was released");
      return writerGetDesiredSize(r);
    }
    get ready() {
      return writerRecord(this, "ready").ready.promise;
    }
    abort(reason = undefined) {
      let r;
      try {
        r = writerRecord(this, "abort");
      } catch (e) {
        return promiseReject(e);
      }
      if (r.stream === undefined) return promiseReject(new TypeError("the writer's lock was released"));
      return writableStreamAbort(r.stream, reason);
    }
    close() {
      let r;
      try {
        r = writerRecord(this, "close");
      } catch (e) {
        return promiseReject(e);
      }
      const w = r.stream;
      if (w === undefined) return promiseReject(new TypeError("the writer's lock was released"));
      if (writableStreamCloseQueuedOrInFlight(w)) return promiseReject(new TypeError("the WritableStream is already closing"));
      return writableStreamClose(w);
    }
    releaseLock() {
      const r = writerRecord(this, "releaseLock");
      if (r.stream === undefined) return;
      writerRelease(r);
    }
    write(chunk = undefined) {
      let r;
      try {
        r = writerRecord(this, "write");
      } catch (e) {
        return promiseReject(e);
      }
      if (r.stream === undefined) return promiseReject(new TypeError("the writer's lock was released"));
      return writerWrite(r, chunk);
    }
  }

  // ---- WritableStreamDefaultController -----------------------------------------------------

  const closeSentinel = {};

  function newWritableController() {
    const c = {
      obj: undefined,
      stream: undefined,
      queue: [],
      queueTotalSize: 0,
      abortController: undefined,
      aborted: false,
      abortReason: undefined,
      started: false,
      strategySizeAlgorithm: undefined,
      strategyHWM: 1,
      writeAlgorithm: undefined,
      closeAlgorithm: undefined,
      abortAlgorithm: undefined,
    };
    new WritableStreamDefaultController(INTERNAL, c);
    return c;
  }

  function setUpWritableController(w, c, start, write, close, abort, hwm, size) {
    c.stream = w;
    w.controller = c;
    resetQueue(c);
    c.abortController = undefined;
    c.started = false;
    c.strategySizeAlgorithm = size;
    c.strategyHWM = hwm;
    c.writeAlgorithm = write;
    c.closeAlgorithm = close;
    c.abortAlgorithm = abort;
    writableStreamUpdateBackpressure(w, writableControllerGetDesiredSize(c) <= 0);
    const startResult = start();
    uponPromise(
      promiseResolve(startResult),
      () => {
        c.started = true;
        writableControllerAdvanceQueueIfNeeded(c);
      },
      (r) => {
        c.started = true;
        writableStreamDealWithRejection(w, r);
      }
    );
  }

  // Signals abort on the controller's AbortController, which exists only once `signal` was read;
  // until then the reason is kept for the signal made later.
  function writableControllerSignalAbort(c, reason) {
    if (c.abortController !== undefined) {
      abortApi().abort.call(c.abortController, reason);
    } else if (!c.aborted) {
      c.aborted = true;
      c.abortReason = reason;
    }
  }

  function writableControllerAdvanceQueueIfNeeded(c) {
    const w = c.stream;
    if (!c.started) return;
    if (w.inFlightWriteRequest !== undefined) return;
    const state = w.state;
    if (state === "erroring") {
      writableStreamFinishErroring(w);
      return;
    }
    if (c.queue.length === 0) return;
    const value = c.queue[0].value;
    if (value === closeSentinel) writableControllerProcessClose(c);
    else writableControllerProcessWrite(c, value);
  }

  function writableControllerClearAlgorithms(c) {
    c.writeAlgorithm = undefined;
    c.closeAlgorithm = undefined;
    c.abortAlgorithm = undefined;
    c.strategySizeAlgorithm = undefined;
  }

  function writableControllerClose(c) {
    enqueueValueWithSize(c, closeSentinel, 0);
    writableControllerAdvanceQueueIfNeeded(c);
  }

  function writableControllerError(c, error) {
    writableControllerClearAlgorithms(c);
    writableStreamStartErroring(c.stream, error);
  }

  function writableControllerErrorIfNeeded(c, error) {
    if (c.stream.state === "writable") writableControllerError(c, error);
  }

  function writableControllerGetChunkSize(c, chunk) {
    if (c.strategySizeAlgorithm === undefined) return 1;
    try {
      return c.strategySizeAlgorithm(chunk);
    } catch (e) {
      writableControllerErrorIfNeeded(c, e);
      return 1;
    }
  }

  function writableControllerGetDesiredSize(c) {
    return c.strategyHWM - c.queueTotalSize;
  }

  function writableControllerProcessClose(c) {
    const w = c.stream;
    w.inFlightCloseRequest = w.closeRequest;
    w.closeRequest = undefined;
    dequeueValue(c);
    const sinkClosePromise = c.closeAlgorithm();
    writableControllerClearAlgorithms(c);
    uponPromise(
      sinkClosePromise,
      () => writableStreamFinishInFlightClose(w),
      (reason) => writableStreamFinishInFlightCloseWithError(w, reason)
    );
  }

  function writableControllerProcessWrite(c, chunk) {
    const w = c.stream;
    w.inFlightWriteRequest = w.writeRequests.shift();
    uponPromise(
      c.writeAlgorithm(chunk),
      () => {
        writableStreamFinishInFlightWrite(w);
        const state = w.state;
        dequeueValue(c);
        if (!writableStreamCloseQueuedOrInFlight(w) && state === "writable") {
          writableStreamUpdateBackpressure(w, writableControllerGetDesiredSize(c) <= 0);
        }
        writableControllerAdvanceQueueIfNeeded(c);
      },
      (reason) => {
        if (w.state === "writable") writableControllerClearAlgorithms(c);
        writableStreamFinishInFlightWriteWithError(w, reason);
      }
    );
  }

  function writableControllerWrite(c, chunk, chunkSize) {
    try {
      enqueueValueWithSize(c, chunk, chunkSize);
    } catch (e) {
      writableControllerErrorIfNeeded(c, e);
      return;
    }
    const w = c.stream;
    if (!writableStreamCloseQueuedOrInFlight(w) && w.state === "writable") {
      writableStreamUpdateBackpressure(w, writableControllerGetDesiredSize(c) <= 0);
    }
    writableControllerAdvanceQueueIfNeeded(c);
  }

  class WritableStreamDefaultController {
    #s;
    static {
      writableControllerRecord = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a WritableStreamDefaultController`);
      };
    }
    constructor(key = undefined, record = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
      this.#s = record;
      record.obj = this;
    }
    get signal() {
      const c = writableControllerRecord(this, "signal");
      const api = abortApi();
      if (c.abortController === undefined) {
        c.abortController = new api.AbortController();
        if (c.aborted) api.abort.call(c.abortController, c.abortReason);
      }
      return api.signal.call(c.abortController);
    }
    error(e = undefined) {
      const c = writableControllerRecord(this, "error");
      if (c.stream.state !== "writable") return;
      writableControllerError(c, e);
    }
  }

  // =======================================================================================
  // TransformStream
  // =======================================================================================

  let transformRecord, transformControllerRecord;

  class TransformStream {
    #s;
    static {
      transformRecord = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a TransformStream`);
      };
    }
    constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
      const t = {
        obj: this,
        readable: undefined,
        writable: undefined,
        backpressure: undefined,
        backpressureChangePromise: undefined,
        controller: undefined,
      };
      this.#s = t;
      if (transformer === null) transformer = undefined;
      const tr = dictionary(transformer, "transformer");
      writableStrategy = dictionary(writableStrategy, "writableStrategy");
      readableStrategy = dictionary(readableStrategy, "readableStrategy");
      const start = callbackMember(tr, "start", "transformer");
      const transform = callbackMember(tr, "transform", "transformer");
      const flush = callbackMember(tr, "flush", "transformer");
      const cancel = callbackMember(tr, "cancel", "transformer");
      if (tr.readableType !== undefined) throw new RangeError("transformer.readableType is reserved");
      if (tr.writableType !== undefined) throw new RangeError("transformer.writableType is reserved");
      const readableHWM = extractHighWaterMark(readableStrategy, 0);
      const readableSize = extractSizeAlgorithm(readableStrategy);
      const writableHWM = extractHighWaterMark(writableStrategy, 1);
      const writableSize = extractSizeAlgorithm(writableStrategy);
      const startPromise = newPromise();
      initializeTransformStream(t, startPromise.promise, writableHWM, writableSize, readableHWM, readableSize);
      const c = setUpTransformControllerFromTransformer(t, tr, transform, flush, cancel);
      if (start) startPromise.resolve(Reflect.apply(start, tr, [c.obj]));
      else startPromise.resolve(undefined);
    }
    get readable() {
      return transformRecord(this, "readable").readable.obj;
    }
    get writable() {
      return transformRecord(this, "writable").writable.obj;
    }
  }

  function initializeTransformStream(t, startPromise, writableHWM, writableSize, readableHWM, readableSize) {
    const startAlgorithm = () => startPromise;
    t.writable = createWritableStream(
      startAlgorithm,
      (chunk) => transformSinkWrite(t, chunk),
      () => transformSinkClose(t),
      (reason) => transformSinkAbort(t, reason),
      writableHWM,
      writableSize
    );
    t.readable = createReadableStream(
      startAlgorithm,
      () => transformSourcePull(t),
      (reason) => transformSourceCancel(t, reason),
      readableHWM,
      readableSize
    );
    t.backpressure = undefined;
    t.backpressureChangePromise = undefined;
    transformSetBackpressure(t, true);
    t.controller = undefined;
  }

  function transformError(t, e) {
    defaultControllerError(t.readable.controller, e);
    transformErrorWritableAndUnblockWrite(t, e);
  }

  function transformErrorWritableAndUnblockWrite(t, e) {
    transformControllerClearAlgorithms(t.controller);
    writableControllerErrorIfNeeded(t.writable.controller, e);
    transformUnblockWrite(t);
  }

  function transformUnblockWrite(t) {
    if (t.backpressure) transformSetBackpressure(t, false);
  }

  function transformSetBackpressure(t, backpressure) {
    if (t.backpressureChangePromise !== undefined) t.backpressureChangePromise.resolve(undefined);
    t.backpressureChangePromise = newPromise();
    t.backpressure = backpressure;
  }

  function setUpTransformControllerFromTransformer(t, tr, transform, flush, cancel) {
    const c = {
      obj: undefined,
      stream: t,
      transformAlgorithm: undefined,
      flushAlgorithm: undefined,
      cancelAlgorithm: undefined,
      finishPromise: undefined,
    };
    new TransformStreamDefaultController(INTERNAL, c);
    t.controller = c;
    c.transformAlgorithm = transform
      ? (chunk) => promiseCall(transform, tr, [chunk, c.obj])
      : (chunk) => {
          try {
            transformControllerEnqueue(c, chunk);
            return resolvedUndefined();
          } catch (e) {
            return promiseReject(e);
          }
        };
    c.flushAlgorithm = flush ? () => promiseCall(flush, tr, [c.obj]) : resolvedUndefined;
    c.cancelAlgorithm = cancel ? (reason) => promiseCall(cancel, tr, [reason]) : resolvedUndefined;
    return c;
  }

  function transformControllerClearAlgorithms(c) {
    c.transformAlgorithm = undefined;
    c.flushAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
  }

  function transformControllerEnqueue(c, chunk) {
    const t = c.stream;
    const rc = t.readable.controller;
    if (!defaultControllerCanCloseOrEnqueue(rc)) throw new TypeError("the readable side is not in a state that permits enqueue");
    try {
      defaultControllerEnqueue(rc, chunk);
    } catch (e) {
      transformErrorWritableAndUnblockWrite(t, e);
      throw t.readable.storedError;
    }
    const backpressure = defaultControllerHasBackpressure(rc);
    if (backpressure !== t.backpressure) transformSetBackpressure(t, true);
  }

  function transformControllerPerformTransform(c, chunk) {
    const p = c.transformAlgorithm(chunk);
    return then(p, undefined, (r) => {
      transformError(c.stream, r);
      throw r;
    });
  }

  function transformControllerTerminate(c) {
    const t = c.stream;
    defaultControllerClose(t.readable.controller);
    transformErrorWritableAndUnblockWrite(t, new TypeError("the TransformStream was terminated"));
  }

  function transformSinkWrite(t, chunk) {
    const c = t.controller;
    if (t.backpressure) {
      return then(t.backpressureChangePromise.promise, () => {
        const w = t.writable;
        if (w.state === "erroring") throw w.storedError;
        return transformControllerPerformTransform(c, chunk);
      });
    }
    return transformControllerPerformTransform(c, chunk);
  }

  function transformSinkAbort(t, reason) {
    const c = t.controller;
    if (c.finishPromise !== undefined) return c.finishPromise.promise;
    const readable = t.readable;
    const finish = (c.finishPromise = newPromise());
    const cancelPromise = c.cancelAlgorithm(reason);
    transformControllerClearAlgorithms(c);
    uponPromise(
      cancelPromise,
      () => {
        if (readable.state === "errored") {
          finish.reject(readable.storedError);
        } else {
          defaultControllerError(readable.controller, reason);
          finish.resolve(undefined);
        }
      },
      (r) => {
        defaultControllerError(readable.controller, r);
        finish.reject(r);
      }
    );
    return finish.promise;
  }

  function transformSinkClose(t) {
    const c = t.controller;
    if (c.finishPromise !== undefined) return c.finishPromise.promise;
    const readable = t.readable;
    const finish = (c.finishPromise = newPromise());
    const flushPromise = c.flushAlgorithm();
    transformControllerClearAlgorithms(c);
    uponPromise(
      flushPromise,
      () => {
        if (readable.state === "errored") {
          finish.reject(readable.storedError);
        } else {
          defaultControllerClose(readable.controller);
          finish.resolve(undefined);
        }
      },
      (r) => {
        defaultControllerError(readable.controller, r);
        finish.reject(r);
      }
    );
    return finish.promise;
  }

  function transformSourceCancel(t, reason) {
    const c = t.controller;
    if (c.finishPromise !== undefined) return c.finishPromise.promise;
    const writable = t.writable;
    const finish = (c.finishPromise = newPromise());
    const cancelPromise = c.cancelAlgorithm(reason);
    transformControllerClearAlgorithms(c);
    uponPromise(
      cancelPromise,
      () => {
        if (writable.state === "errored") {
          finish.reject(writable.storedError);
        } else {
          writableControllerErrorIfNeeded(writable.controller, reason);
          transformUnblockWrite(t);
          finish.resolve(undefined);
        }
      },
      (r) => {
        writableControllerErrorIfNeeded(writable.controller, r);
        transformUnblockWrite(t);
        finish.reject(r);
      }
    );
    return finish.promise;
  }

  function transformSourcePull(t) {
    transformSetBackpressure(t, false);
    return t.backpressureChangePromise.promise;
  }

  class TransformStreamDefaultController {
    #s;
    static {
      transformControllerRecord = (o, what) => {
        if (isObject(o) && #s in o) return o.#s;
        throw new TypeError(`${what}: 'this' is not a TransformStreamDefaultController`);
      };
    }
    constructor(key = undefined, record = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
      this.#s = record;
      record.obj = this;
    }
    get desiredSize() {
      const c = transformControllerRecord(this, "desiredSize");
      return defaultControllerGetDesiredSize(c.stream.readable.controller);
    }
    enqueue(chunk = undefined) {
      transformControllerEnqueue(transformControllerRecord(this, "enqueue"), chunk);
    }
    error(reason = undefined) {
      transformError(transformControllerRecord(this, "error").stream, reason);
    }
    terminate() {
      transformControllerTerminate(transformControllerRecord(this, "terminate"));
    }
  }

  // =======================================================================================
  // Queuing strategies
  // =======================================================================================

  function strategyInit(init, what) {
    if (!isObject(init)) throw new TypeError(`${what}: init must be an object with highWaterMark`);
    const hwm = init.highWaterMark;
    if (hwm === undefined) throw new TypeError(`${what}: init.highWaterMark is required`);
    return Number(hwm);
  }

  const byteLengthSize = { size: (chunk) => chunk.byteLength }.size;
  Object.defineProperty(byteLengthSize, "name", { value: "size" });
  const countSize = { size: () => 1 }.size;
  Object.defineProperty(countSize, "name", { value: "size" });
  let byteStrategyHWM, countStrategyHWM;

  class ByteLengthQueuingStrategy {
    #hwm;
    static {
      byteStrategyHWM = (o) => {
        if (isObject(o) && #hwm in o) return o.#hwm;
        throw new TypeError("'this' is not a ByteLengthQueuingStrategy");
      };
    }
    constructor(init) {
      this.#hwm = strategyInit(init, "ByteLengthQueuingStrategy");
    }
    get highWaterMark() {
      return byteStrategyHWM(this);
    }
    get size() {
      byteStrategyHWM(this);
      return byteLengthSize;
    }
  }

  class CountQueuingStrategy {
    #hwm;
    static {
      countStrategyHWM = (o) => {
        if (isObject(o) && #hwm in o) return o.#hwm;
        throw new TypeError("'this' is not a CountQueuingStrategy");
      };
    }
    constructor(init) {
      this.#hwm = strategyInit(init, "CountQueuingStrategy");
    }
    get highWaterMark() {
      return countStrategyHWM(this);
    }
    get size() {
      countStrategyHWM(this);
      return countSize;
    }
  }

  return {
    ReadableStream,
    ReadableStreamDefaultReader,
    ReadableStreamBYOBReader,
    ReadableStreamDefaultController,
    ReadableByteStreamController,
    ReadableStreamBYOBRequest,
    WritableStream,
    WritableStreamDefaultWriter,
    WritableStreamDefaultController,
    TransformStream,
    TransformStreamDefaultController,
    ByteLengthQueuingStrategy,
    CountQueuingStrategy,
  };
});
