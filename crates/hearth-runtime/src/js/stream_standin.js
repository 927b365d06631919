// Minimal private ReadableStream stand-in, installed only when hearth-web has not provided a real
// one (its spec-faithful streams replace this; delete this file once they are merged).
// Supports: underlying source start/pull/cancel, default reader (read/releaseLock/cancel/closed),
// locked, cancel, tee, async iteration. No byte streams, no pipeTo, no queuing strategies.
(function () {
  "use strict";
  if (typeof globalThis.ReadableStream === "function") return;

  class ReadableStreamDefaultController {
    #s;
    constructor(s) { this.#s = s; }
    enqueue(chunk) { this.#s._enqueue(chunk); }
    close() { this.#s._close(); }
    error(e) { this.#s._error(e); }
    get desiredSize() { return this.#s._queue.length ? 0 : 1; }
  }

  class ReadableStreamDefaultReader {
    constructor(stream) {
      if (!(stream instanceof ReadableStream)) throw new TypeError("not a ReadableStream");
      if (stream._reader) throw new TypeError("ReadableStream is locked");
      stream._reader = this;
      this._stream = stream;
      this._closed = new Promise((res, rej) => { this._closeRes = res; this._closeRej = rej; });
      this._closed.catch(() => {});
      if (stream._state === "closed") this._closeRes();
      if (stream._state === "errored") this._closeRej(stream._err);
    }
    get closed() { return this._closed; }
    read() {
      const s = this._stream;
      if (!s) return Promise.reject(new TypeError("reader released"));
      s._disturbed = true;
      if (s._queue.length) {
        const value = s._queue.shift();
        s._maybePull();
        return Promise.resolve({ value, done: false });
      }
      if (s._state === "closed") return Promise.resolve({ value: undefined, done: true });
      if (s._state === "errored") return Promise.reject(s._err);
      return new Promise((resolve, reject) => {
        s._waiters.push({ resolve, reject });
        s._maybePull();
      });
    }
    releaseLock() {
      if (!this._stream) return;
      this._stream._reader = null;
      this._stream = null;
    }
    cancel(reason) {
      const s = this._stream;
      if (!s) return Promise.reject(new TypeError("reader released"));
      return s._cancel(reason);
    }
  }

  class ReadableStream {
    constructor(source = {}, _strategy) {
      this._source = source;
      this._queue = [];
      this._waiters = [];
      this._state = "readable";
      this._reader = null;
      this._pulling = false;
      this._started = false;
      this._disturbed = false;
      this._ctrl = new ReadableStreamDefaultController(this);
      const start = source.start ? source.start(this._ctrl) : undefined;
      Promise.resolve(start).then(() => { this._started = true; this._maybePull(); },
        (e) => this._error(e));
    }
    get locked() { return this._reader !== null; }
    getReader(opts) {
      if (opts && opts.mode === "byob") throw new TypeError("byob readers are not supported");
      return new ReadableStreamDefaultReader(this);
    }
    cancel(reason) {
      if (this._reader) return Promise.reject(new TypeError("ReadableStream is locked"));
      return this._cancel(reason);
    }
    tee() {
      const reader = this.getReader();
      let c1, c2, pulling = false;
      const pull = async () => {
        if (pulling) return;
        pulling = true;
        try {
          const { value, done } = await reader.read();
          if (done) { c1.close(); c2.close(); } else { c1.enqueue(value); c2.enqueue(value); }
        } catch (e) { c1.error(e); c2.error(e); }
        pulling = false;
      };
      const a = new ReadableStream({ start(c) { c1 = c; }, pull });
      const b = new ReadableStream({ start(c) { c2 = c; }, pull });
      return [a, b];
    }
    async *[Symbol.asyncIterator]() {
      const reader = this.getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally { reader.releaseLock(); }
    }
    values() { return this[Symbol.asyncIterator](); }
    _enqueue(chunk) {
      if (this._state !== "readable") throw new TypeError("stream is not readable");
      const w = this._waiters.shift();
      if (w) w.resolve({ value: chunk, done: false });
      else this._queue.push(chunk);
    }
    _close() {
      if (this._state !== "readable") return;
      this._state = "closed";
      if (!this._queue.length) {
        for (const w of this._waiters.splice(0)) w.resolve({ value: undefined, done: true });
      }
      if (this._reader) this._reader._closeRes();
    }
    _error(e) {
      if (this._state !== "readable") return;
      this._state = "errored";
      this._err = e;
      this._queue = [];
      for (const w of this._waiters.splice(0)) w.reject(e);
      if (this._reader) this._reader._closeRej(e);
    }
    _cancel(reason) {
      if (this._state === "closed") return Promise.resolve();
      if (this._state === "errored") return Promise.reject(this._err);
      this._queue = [];
      this._close();
      const c = this._source.cancel ? this._source.cancel(reason) : undefined;
      return Promise.resolve(c).then(() => undefined);
    }
    _maybePull() {
      if (!this._started || this._pulling || this._state !== "readable") return;
      if (this._queue.length > 0 || (this._waiters.length === 0 && this._queue.length > 0)) return;
      if (!this._source.pull) return;
      this._pulling = true;
      Promise.resolve().then(() => this._source.pull(this._ctrl)).then(() => {
        this._pulling = false;
        if (this._waiters.length) this._maybePull();
      }, (e) => { this._pulling = false; this._error(e); });
    }
  }

  Object.defineProperty(globalThis, "ReadableStream", { value: ReadableStream, writable: true, configurable: true });
  Object.defineProperty(globalThis, "ReadableStreamDefaultReader", { value: ReadableStreamDefaultReader, writable: true, configurable: true });
  Object.defineProperty(globalThis, "ReadableStreamDefaultController", { value: ReadableStreamDefaultController, writable: true, configurable: true });
})
