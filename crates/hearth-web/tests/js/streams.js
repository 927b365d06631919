// Streams checks: the standard's examples and edge cases.

const enc = (s) => new Uint8Array(Array.from(s, (c) => c.charCodeAt(0)));

async function readAll(stream) {
  const reader = stream.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

function recordingWritable(log = [], strategy) {
  const ws = new WritableStream(
    {
      write(chunk) {
        log.push(chunk);
      },
      close() {
        log.push("<close>");
      },
      abort(reason) {
        log.push(`<abort ${reason}>`);
      },
    },
    strategy
  );
  return { ws, log };
}

// ---- ReadableStream basics --------------------------------------------------------------------

export async function pull_source_with_reader() {
  let i = 0;
  const rs = new ReadableStream({
    pull(controller) {
      if (i < 3) controller.enqueue(i++);
      else controller.close();
    },
  });
  assertEquals(await readAll(rs), [0, 1, 2]);
}

export async function start_enqueue_close() {
  const rs = new ReadableStream({
    start(c) {
      c.enqueue("a");
      c.enqueue("b");
      c.close();
    },
  });
  const reader = rs.getReader();
  assertEquals(await reader.read(), { value: "a", done: false });
  assertEquals(await reader.read(), { value: "b", done: false });
  assertEquals(await reader.read(), { value: undefined, done: true });
  await reader.closed;
}

export async function locked_and_release() {
  const rs = new ReadableStream();
  assertEquals(rs.locked, false);
  const reader = rs.getReader();
  assertEquals(rs.locked, true);
  assertThrows(() => rs.getReader(), TypeError);
  await assertRejects(rs.cancel(), TypeError);
  assertThrows(() => rs.tee(), TypeError);
  reader.releaseLock();
  assertEquals(rs.locked, false);
  await assertRejects(reader.closed, TypeError);
  await assertRejects(reader.read(), TypeError);
  rs.getReader();
}

export async function release_rejects_pending_reads() {
  const rs = new ReadableStream();
  const reader = rs.getReader();
  const p = reader.read();
  reader.releaseLock();
  await assertRejects(p, TypeError);
}

export function constructor_type_errors() {
  assertThrows(() => new ReadableStream({ start: 1 }), TypeError);
  assertThrows(() => new ReadableStream({ pull: "x" }), TypeError);
  assertThrows(() => new ReadableStream({ type: "nope" }), TypeError);
  assertThrows(() => new ReadableStream(5), TypeError);
  assertThrows(() => new ReadableStream({}, { highWaterMark: -1 }), RangeError);
  assertThrows(() => new ReadableStream({}, { highWaterMark: NaN }), RangeError);
  assertThrows(() => new ReadableStream({ type: "bytes" }, { size: () => 1 }), RangeError);
  assertThrows(() => new ReadableStream().getReader({ mode: "nope" }), TypeError);
  assertThrows(() => new ReadableStream().getReader({ mode: "byob" }), TypeError);
  assertThrows(() => ReadableStream.prototype.getReader.call({}), TypeError);
  assertThrows(() => new ReadableStreamDefaultReader({}), TypeError);
  assertThrows(() => new ReadableStreamDefaultController(), TypeError);
  assertThrows(() => Object.getOwnPropertyDescriptor(ReadableStream.prototype, "locked").get.call({}), TypeError);
}

export async function methods_on_wrong_this_reject() {
  await assertRejects(ReadableStream.prototype.cancel.call({}), TypeError);
  await assertRejects(ReadableStream.prototype.pipeTo.call({}, new WritableStream()), TypeError);
  await assertRejects(new ReadableStream().pipeTo({}), TypeError);
  await assertRejects(ReadableStreamDefaultReader.prototype.read.call({}), TypeError);
}

export async function error_in_start_errors_stream() {
  const err = new Error("boom");
  const rs = new ReadableStream({
    start() {
      return Promise.reject(err);
    },
  });
  const reader = rs.getReader();
  assertEquals(await assertRejects(reader.read()), err);
  assertEquals(await assertRejects(reader.closed), err);
}

export async function controller_error_rejects_reads() {
  let controller;
  const rs = new ReadableStream({ start: (c) => void (controller = c) });
  const reader = rs.getReader();
  const p = reader.read();
  controller.error(new RangeError("x"));
  await assertRejects(p, RangeError);
  assertThrows(() => controller.enqueue(1), TypeError);
  assertThrows(() => controller.close(), TypeError);
}

export async function cancel_calls_source_cancel() {
  let reason;
  const rs = new ReadableStream({
    cancel(r) {
      reason = r;
    },
  });
  await rs.cancel("why");
  assertEquals(reason, "why");
  const reader = rs.getReader();
  assertEquals(await reader.read(), { value: undefined, done: true });
}

export async function reader_cancel_resolves_pending_reads() {
  const rs = new ReadableStream();
  const reader = rs.getReader();
  const p = reader.read();
  await reader.cancel();
  assertEquals(await p, { value: undefined, done: true });
}

export async function desired_size_and_backpressure() {
  let controller;
  let pulls = 0;
  const rs = new ReadableStream(
    {
      start(c) {
        controller = c;
      },
      pull() {
        pulls++;
      },
    },
    { highWaterMark: 2 }
  );
  await flush();
  assertEquals(controller.desiredSize, 2);
  assertEquals(pulls, 1);
  controller.enqueue("a");
  controller.enqueue("b");
  assertEquals(controller.desiredSize, 0);
  await flush();
  const pullsBefore = pulls;
  controller.enqueue("c");
  assertEquals(controller.desiredSize, -1);
  await flush();
  assertEquals(pulls, pullsBefore, "no pull while the queue is over the high-water mark");
  const reader = rs.getReader();
  await reader.read();
  await reader.read();
  assertEquals(controller.desiredSize, 1);
}

export async function pull_is_not_reentrant() {
  let concurrent = 0;
  let max = 0;
  let i = 0;
  const rs = new ReadableStream(
    {
      async pull(c) {
        concurrent++;
        max = Math.max(max, concurrent);
        await null;
        c.enqueue(i++);
        if (i === 5) c.close();
        concurrent--;
      },
    },
    { highWaterMark: 3 }
  );
  assertEquals(await readAll(rs), [0, 1, 2, 3, 4]);
  assertEquals(max, 1);
}

export async function size_strategy_errors() {
  let controller;
  const rs = new ReadableStream(
    { start: (c) => void (controller = c) },
    {
      size() {
        throw new SyntaxError("size");
      },
    }
  );
  assertThrows(() => controller.enqueue("x"), SyntaxError);
  await assertRejects(rs.getReader().closed, SyntaxError);
}

export async function queuing_strategies() {
  const b = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
  assertEquals(b.highWaterMark, 16);
  assertEquals(b.size(new Uint8Array(5)), 5);
  assertEquals(b.size, new ByteLengthQueuingStrategy({ highWaterMark: 1 }).size);
  const c = new CountQueuingStrategy({ highWaterMark: 3 });
  assertEquals(c.highWaterMark, 3);
  assertEquals(c.size("anything"), 1);
  assertThrows(() => new CountQueuingStrategy(), TypeError);
  assertThrows(() => new ByteLengthQueuingStrategy({}), TypeError);
  let controller;
  new ReadableStream({ start: (cc) => void (controller = cc) }, b);
  controller.enqueue(new Uint8Array(10));
  assertEquals(controller.desiredSize, 6);
  assertEquals(Object.prototype.toString.call(c), "[object CountQueuingStrategy]");
}

// ---- tee --------------------------------------------------------------------------------------

export async function tee_both_branches_get_everything() {
  const rs = new ReadableStream({
    start(c) {
      c.enqueue("a");
      c.enqueue("b");
      c.close();
    },
  });
  const [b1, b2] = rs.tee();
  assert(rs.locked);
  const [r1, r2] = await Promise.all([readAll(b1), readAll(b2)]);
  assertEquals(r1, ["a", "b"]);
  assertEquals(r2, ["a", "b"]);
}

export async function tee_cancel_both_cancels_source_with_both_reasons() {
  let reason;
  const rs = new ReadableStream({ cancel: (r) => void (reason = r) });
  const [b1, b2] = rs.tee();
  const p1 = b1.cancel("one");
  await flush();
  assertEquals(reason, undefined, "one branch cancelled does not cancel the source");
  await b2.cancel("two");
  await p1;
  assertEquals(reason, ["one", "two"]);
}

export async function tee_error_reaches_both_branches() {
  let controller;
  const rs = new ReadableStream({ start: (c) => void (controller = c) });
  const [b1, b2] = rs.tee();
  const r1 = b1.getReader();
  const r2 = b2.getReader();
  controller.error(new URIError("e"));
  await assertRejects(r1.closed, URIError);
  await assertRejects(r2.closed, URIError);
}

export async function tee_one_branch_read_ahead() {
  let i = 0;
  const rs = new ReadableStream({
    pull(c) {
      if (i < 4) c.enqueue(i++);
      else c.close();
    },
  });
  const [b1, b2] = rs.tee();
  assertEquals(await readAll(b1), [0, 1, 2, 3]);
  assertEquals(await readAll(b2), [0, 1, 2, 3]);
}

// ---- async iteration and from ---------------------------------------------------------------

export async function for_await_iterates_and_releases() {
  const rs = ReadableStream.from([1, 2, 3]);
  const out = [];
  for await (const v of rs) out.push(v);
  assertEquals(out, [1, 2, 3]);
  assertEquals(rs.locked, false);
}

export async function break_cancels_unless_prevented() {
  let cancelled = 0;
  const make = () =>
    new ReadableStream({
      pull(c) {
        c.enqueue("x");
      },
      cancel() {
        cancelled++;
      },
    });
  for await (const _ of make()) break;
  assertEquals(cancelled, 1);
  const rs = make();
  for await (const _ of rs.values({ preventCancel: true })) break;
  assertEquals(cancelled, 1);
  assertEquals(rs.locked, false);
  assertEquals((await rs.getReader().read()).value, "x");
}

export async function iterator_prototype_shape() {
  const it = new ReadableStream().values();
  const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
  assertEquals(Object.getPrototypeOf(Object.getPrototypeOf(it)), AsyncIteratorPrototype);
  assertEquals(ReadableStream.prototype[Symbol.asyncIterator], ReadableStream.prototype.values);
  await assertRejects(Object.getPrototypeOf(it).next.call({}), TypeError);
}

export async function from_async_generator() {
  async function* gen() {
    yield "a";
    await null;
    yield "b";
  }
  assertEquals(await readAll(ReadableStream.from(gen())), ["a", "b"]);
}

export async function from_sync_iterable_awaits_promises() {
  const rs = ReadableStream.from([Promise.resolve(1), 2]);
  assertEquals(await readAll(rs), [1, 2]);
  assertThrows(() => ReadableStream.from(5), TypeError);
  assertThrows(() => ReadableStream.from({}), TypeError);
}

export async function from_cancel_calls_return() {
  let returned;
  const iterable = {
    [Symbol.asyncIterator]() {
      return {
        next: () => Promise.resolve({ value: 1, done: false }),
        return(reason) {
          returned = reason;
          return Promise.resolve({ done: true });
        },
      };
    },
  };
  const rs = ReadableStream.from(iterable);
  await rs.cancel("stop");
  assertEquals(returned, "stop");
}

// ---- byte streams ------------------------------------------------------------------------------

export async function byte_stream_default_reader() {
  const rs = new ReadableStream({
    type: "bytes",
    start(c) {
      c.enqueue(enc("hi"));
      c.close();
    },
  });
  const chunks = await readAll(rs);
  assertEquals(chunks.length, 1);
  assert(chunks[0] instanceof Uint8Array);
  assertEquals(chunks[0], enc("hi"));
}

export async function byob_reader_fills_view_from_queue() {
  const rs = new ReadableStream({
    type: "bytes",
    start(c) {
      c.enqueue(enc("abc"));
      c.enqueue(enc("def"));
      c.close();
    },
  });
  const reader = rs.getReader({ mode: "byob" });
  assert(reader instanceof ReadableStreamBYOBReader);
  let view = new Uint8Array(4);
  let r = await reader.read(view);
  assertEquals(r.done, false);
  assertEquals(r.value, enc("abcd"));
  assertEquals(view.byteLength, 0, "the view's buffer was transferred");
  r = await reader.read(new Uint8Array(r.value.buffer));
  assertEquals(r.value, enc("ef"));
  r = await reader.read(new Uint8Array(4));
  assertEquals(r.done, true);
  assertEquals(r.value.byteLength, 0);
}

export async function byob_request_respond() {
  const rs = new ReadableStream({
    type: "bytes",
    pull(c) {
      const req = c.byobRequest;
      assert(req instanceof ReadableStreamBYOBRequest);
      req.view[0] = 7;
      req.view[1] = 8;
      req.respond(2);
      assertEquals(c.byobRequest, null);
    },
  });
  const reader = rs.getReader({ mode: "byob" });
  const { value, done } = await reader.read(new Uint8Array(10));
  assertEquals(done, false);
  assertEquals(value, new Uint8Array([7, 8]));
}

export async function byob_respond_with_new_view() {
  const rs = new ReadableStream({
    type: "bytes",
    pull(c) {
      const v = c.byobRequest.view;
      const nv = new Uint8Array(v.buffer, v.byteOffset, 3);
      nv.set([1, 2, 3]);
      c.byobRequest.respondWithNewView(nv);
    },
  });
  const { value } = await rs.getReader({ mode: "byob" }).read(new Uint8Array(8));
  assertEquals(value, new Uint8Array([1, 2, 3]));
}

export async function byob_min_option_and_typed_views() {
  let n = 0;
  const rs = new ReadableStream({
    type: "bytes",
    pull(c) {
      c.enqueue(new Uint8Array([n++, n++]));
    },
  });
  const reader = rs.getReader({ mode: "byob" });
  const { value } = await reader.read(new Uint8Array(6), { min: 6 });
  assertEquals(value, new Uint8Array([0, 1, 2, 3, 4, 5]));
  const r16 = await reader.read(new Uint16Array(1));
  assert(r16.value instanceof Uint16Array);
  assertEquals(r16.value.length, 1);
  await assertRejects(reader.read(new Uint8Array(2), { min: 3 }), RangeError);
  await assertRejects(reader.read(new Uint8Array(2), { min: 0 }), TypeError);
  await assertRejects(reader.read(new Uint8Array(0)), TypeError);
  await assertRejects(reader.read("nope"), TypeError);
}

export async function byte_stream_auto_allocate() {
  const rs = new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: 16,
    pull(c) {
      const req = c.byobRequest;
      assertEquals(req.view.byteLength, 16);
      req.view[0] = 42;
      req.respond(1);
      c.close();
    },
  });
  const reader = rs.getReader();
  const { value } = await reader.read();
  assertEquals(value, new Uint8Array([42]));
  assertEquals((await reader.read()).done, true);
}

export async function byte_stream_enqueue_errors() {
  let controller;
  new ReadableStream({ type: "bytes", start: (c) => void (controller = c) });
  assert(controller instanceof ReadableByteStreamController);
  assertThrows(() => controller.enqueue("x"), TypeError);
  assertThrows(() => controller.enqueue(new Uint8Array(0)), TypeError);
  controller.close();
  assertThrows(() => controller.enqueue(new Uint8Array(1)), TypeError);
  assertThrows(() => controller.close(), TypeError);
}

export async function byte_stream_tee() {
  const rs = new ReadableStream({
    type: "bytes",
    start(c) {
      c.enqueue(enc("xy"));
      c.close();
    },
  });
  const [b1, b2] = rs.tee();
  const r2 = b2.getReader({ mode: "byob" });
  const a = await readAll(b1);
  assertEquals(a, [enc("xy")]);
  const { value } = await r2.read(new Uint8Array(8));
  assertEquals(value, enc("xy"));
  assertEquals((await r2.read(new Uint8Array(8))).done, true);
}

export async function byob_cancel_resolves_pending_reads() {
  const rs = new ReadableStream({ type: "bytes" });
  const reader = rs.getReader({ mode: "byob" });
  const p = reader.read(new Uint8Array(4));
  await reader.cancel("x");
  const r = await p;
  assertEquals(r.done, true);
  assertEquals(r.value, undefined);
}

// ---- WritableStream -------------------------------------------------------------------------

export async function writable_writes_in_order_then_closes() {
  const { ws, log } = recordingWritable();
  const writer = ws.getWriter();
  writer.write("a");
  writer.write("b");
  await writer.close();
  await writer.closed;
  assertEquals(log, ["a", "b", "<close>"]);
}

export async function writable_locked_errors() {
  const ws = new WritableStream();
  const writer = ws.getWriter();
  assert(ws.locked);
  assertThrows(() => ws.getWriter(), TypeError);
  await assertRejects(ws.abort(), TypeError);
  await assertRejects(ws.close(), TypeError);
  writer.releaseLock();
  assert(!ws.locked);
  await assertRejects(writer.write("x"), TypeError);
  assertThrows(() => writer.desiredSize, TypeError);
  assertThrows(() => new WritableStream({ write: 1 }), TypeError);
  assertThrows(() => new WritableStream({ type: "bytes" }), RangeError);
}

export async function writable_backpressure_ready() {
  const resolvers = [];
  const ws = new WritableStream(
    {
      write() {
        return new Promise((r) => resolvers.push(r));
      },
    },
    { highWaterMark: 2 }
  );
  const writer = ws.getWriter();
  assertEquals(writer.desiredSize, 2);
  writer.write(1);
  writer.write(2);
  assertEquals(writer.desiredSize, 0);
  let ready = false;
  writer.ready.then(() => (ready = true));
  await flush();
  assertEquals(ready, false);
  resolvers.shift()();
  await flush();
  assertEquals(ready, true);
  assertEquals(writer.desiredSize, 1);
}

export async function writable_abort_rejects_pending_writes() {
  const log = [];
  let resolveWrite;
  const ws = new WritableStream({
    write() {
      return new Promise((r) => (resolveWrite = r));
    },
    abort(reason) {
      log.push(`abort:${reason}`);
    },
  });
  const writer = ws.getWriter();
  await flush();
  const w1 = writer.write("in flight");
  const w2 = writer.write("queued");
  const abortP = writer.abort("stop");
  resolveWrite();
  await w1;
  await assertRejects(w2);
  await abortP;
  assertEquals(log, ["abort:stop"]);
  assertEquals(await assertRejects(writer.closed), "stop");
}

export async function writable_sink_error() {
  const ws = new WritableStream({
    write() {
      throw new EvalError("sink");
    },
  });
  const writer = ws.getWriter();
  await assertRejects(writer.write("x"), EvalError);
  await assertRejects(writer.closed, EvalError);
  await assertRejects(writer.write("y"), EvalError);
}

export async function writable_controller_signal_aborts() {
  let signal;
  const ws = new WritableStream({
    start(c) {
      signal = c.signal;
    },
  });
  assert(signal instanceof AbortSignal);
  await flush();
  await ws.abort("r");
  assertEquals(signal.aborted, true);
  assertEquals(signal.reason, "r");
}

export async function writable_controller_error() {
  let controller;
  const ws = new WritableStream({ start: (c) => void (controller = c) });
  const writer = ws.getWriter();
  await flush();
  controller.error(new Error("ctl"));
  await assertRejects(writer.closed, Error);
  await assertRejects(writer.ready, Error);
}

// ---- TransformStream ---------------------------------------------------------------------------

export async function identity_transform() {
  const ts = new TransformStream();
  const writer = ts.writable.getWriter();
  writer.write("a");
  writer.close();
  assertEquals(await readAll(ts.readable), ["a"]);
}

export async function transform_and_flush() {
  const ts = new TransformStream({
    transform(chunk, c) {
      c.enqueue(chunk.toUpperCase());
      c.enqueue(chunk);
    },
    flush(c) {
      c.enqueue("end");
    },
  });
  const out = readAll(ts.readable);
  const writer = ts.writable.getWriter();
  await writer.write("x");
  await writer.close();
  assertEquals(await out, ["X", "x", "end"]);
}

export async function transform_error_errors_both_sides() {
  const ts = new TransformStream({
    transform() {
      throw new TypeError("bad chunk");
    },
  });
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  const read = reader.read();
  await assertRejects(writer.write("x"), TypeError);
  await assertRejects(read, TypeError);
  await assertRejects(writer.closed, TypeError);
}

export async function transform_terminate() {
  const ts = new TransformStream({
    start(c) {
      c.enqueue("only");
      c.terminate();
    },
  });
  assertEquals(await readAll(ts.readable), ["only"]);
  await assertRejects(ts.writable.getWriter().write("x"), TypeError);
}

export async function transform_backpressure() {
  let transformed = 0;
  const ts = new TransformStream({
    transform(chunk, c) {
      transformed++;
      c.enqueue(chunk);
    },
  });
  const writer = ts.writable.getWriter();
  writer.write(1);
  writer.write(2);
  await flush();
  assertEquals(transformed, 0, "no transform until the readable side is read");
  const reader = ts.readable.getReader();
  assertEquals((await reader.read()).value, 1);
  assertEquals((await reader.read()).value, 2);
  assertEquals(transformed, 2);
}

export async function transform_readable_cancel_calls_cancel() {
  let reason;
  const ts = new TransformStream({ cancel: (r) => void (reason = r) });
  const writer = ts.writable.getWriter();
  await ts.readable.cancel("gone");
  assertEquals(reason, "gone");
  assertEquals(await assertRejects(writer.closed), "gone");
}

export function transform_constructor_errors() {
  assertThrows(() => new TransformStream({ transform: 1 }), TypeError);
  assertThrows(() => new TransformStream({ readableType: "bytes" }), RangeError);
  assertThrows(() => new TransformStream({ writableType: "bytes" }), RangeError);
  assertThrows(() => new TransformStreamDefaultController(), TypeError);
}

// ---- pipeTo / pipeThrough ----------------------------------------------------------------------

export async function pipe_to_writes_everything_and_closes() {
  const { ws, log } = recordingWritable();
  await ReadableStream.from(["a", "b", "c"]).pipeTo(ws);
  assertEquals(log, ["a", "b", "c", "<close>"]);
}

export async function pipe_prevent_close() {
  const { ws, log } = recordingWritable();
  const rs = ReadableStream.from(["a"]);
  await rs.pipeTo(ws, { preventClose: true });
  assertEquals(log, ["a"]);
  assert(!ws.locked && !rs.locked);
  const writer = ws.getWriter();
  await writer.write("b");
  assertEquals(log, ["a", "b"]);
}

export async function pipe_source_error_aborts_dest() {
  const { ws, log } = recordingWritable();
  const rs = new ReadableStream({
    start(c) {
      c.error("src");
    },
  });
  assertEquals(await assertRejects(rs.pipeTo(ws)), "src");
  assertEquals(log, ["<abort src>"]);
}

export async function pipe_prevent_abort() {
  const { ws, log } = recordingWritable();
  const rs = new ReadableStream({ start: (c) => c.error("src") });
  await assertRejects(rs.pipeTo(ws, { preventAbort: true }));
  assertEquals(log, []);
  assert(!ws.locked);
}

export async function pipe_dest_error_cancels_source() {
  let cancelled;
  const rs = new ReadableStream({
    pull(c) {
      c.enqueue("x");
    },
    cancel(r) {
      cancelled = r;
    },
  });
  const ws = new WritableStream({
    write() {
      throw "dest";
    },
  });
  assertEquals(await assertRejects(rs.pipeTo(ws)), "dest");
  assertEquals(cancelled, "dest");
}

export async function pipe_prevent_cancel() {
  let cancelled = false;
  const rs = new ReadableStream({
    pull(c) {
      c.enqueue("x");
    },
    cancel() {
      cancelled = true;
    },
  });
  const ws = new WritableStream({ start: (c) => c.error("dest") });
  await assertRejects(rs.pipeTo(ws, { preventCancel: true }));
  assertEquals(cancelled, false);
  assert(!rs.locked);
}

export async function pipe_abort_signal() {
  const ac = new AbortController();
  let cancelReason;
  const rs = new ReadableStream({
    pull(c) {
      c.enqueue("x");
      return new Promise(() => {});
    },
    cancel(r) {
      cancelReason = r;
    },
  });
  const { ws, log } = recordingWritable();
  const p = rs.pipeTo(ws, { signal: ac.signal });
  await flush();
  ac.abort(new RangeError("user"));
  await assertRejects(p, RangeError);
  assert(cancelReason instanceof RangeError);
  assertEquals(log.slice(-1)[0], "<abort RangeError: user>");
}

export async function pipe_already_aborted_signal() {
  const ac = new AbortController();
  ac.abort();
  const { ws, log } = recordingWritable();
  const err = await assertRejects(ReadableStream.from(["a"]).pipeTo(ws, { signal: ac.signal }));
  assertEquals(err.name, "AbortError");
  assertEquals(log.length, 1, "only the abort reached the sink");
  await assertRejects(ReadableStream.from([]).pipeTo(ws, { signal: "no" }), TypeError);
}

export async function pipe_respects_backpressure() {
  let pulled = 0;
  const rs = new ReadableStream(
    {
      pull(c) {
        pulled++;
        c.enqueue(pulled);
      },
    },
    { highWaterMark: 0 }
  );
  const ws = new WritableStream(
    {
      write() {
        return new Promise(() => {});
      },
    },
    { highWaterMark: 1 }
  );
  rs.pipeTo(ws);
  await flush(50);
  assert(pulled <= 3, `pulled ${pulled} chunks into a stalled sink`);
}

export async function pipe_through_transform() {
  const upper = new TransformStream({
    transform(chunk, c) {
      c.enqueue(chunk.toUpperCase());
    },
  });
  const out = ReadableStream.from(["a", "b"]).pipeThrough(upper);
  assertEquals(out, upper.readable);
  assertEquals(await readAll(out), ["A", "B"]);
  assertThrows(() => new ReadableStream().pipeThrough({}), TypeError);
  const locked = new TransformStream();
  locked.writable.getWriter();
  assertThrows(() => new ReadableStream().pipeThrough(locked), TypeError);
}

export async function pipe_locked_rejects() {
  const rs = new ReadableStream();
  rs.getReader();
  await assertRejects(rs.pipeTo(new WritableStream()), TypeError);
  const ws = new WritableStream();
  ws.getWriter();
  await assertRejects(new ReadableStream().pipeTo(ws), TypeError);
}

export function class_shapes() {
  for (const name of [
    "ReadableStream",
    "WritableStream",
    "TransformStream",
    "ReadableStreamDefaultReader",
    "WritableStreamDefaultWriter",
  ]) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    assert(d.writable && d.configurable && !d.enumerable, name);
  }
  assertEquals(Object.prototype.toString.call(new ReadableStream()), "[object ReadableStream]");
  assertEquals(typeof ReadableStream.from, "function");
}

export async function writable_signal_read_after_abort() {
  let controller;
  const ws = new WritableStream({ start: (c) => void (controller = c) });
  await flush();
  await ws.abort();
  const signal = controller.signal;
  assertEquals(signal.aborted, true, "a signal first read after the abort is already aborted");
  assertEquals(signal.reason.name, "AbortError");
  assert(controller.signal === signal);
}

export async function closed_promise_made_after_settling() {
  const rs = new ReadableStream({ start: (c) => c.close() });
  const reader = rs.getReader();
  await flush();
  await reader.closed;
  const errored = new ReadableStream({ start: (c) => c.error(new SyntaxError("e")) });
  await flush();
  const r2 = errored.getReader();
  await assertRejects(r2.closed, SyntaxError);
  assert(r2.closed === r2.closed, "the same promise every time");
}

export function webidl_members_are_enumerable() {
  for (const [cls, key] of [[ReadableStream, "getReader"], [ReadableStream, "locked"], [WritableStreamDefaultWriter, "ready"], [TransformStream, "readable"], [ReadableStream, "from"]]) {
    const target = key === "from" ? cls : cls.prototype;
    assert(Object.getOwnPropertyDescriptor(target, key).enumerable, `${cls.name}.${key}`);
  }
}

export async function byob_odd_bytes_into_uint16_views() {
  const rs = new ReadableStream({
    type: "bytes",
    start(c) {
      c.enqueue(new Uint8Array([1, 2, 3]));
      c.enqueue(new Uint8Array([4]));
      c.close();
    },
  });
  const reader = rs.getReader({ mode: "byob" });
  const first = await reader.read(new Uint16Array(4));
  assertEquals(first.value.length, 2, "four bytes make two elements");
  assertEquals(new Uint8Array(first.value.buffer, 0, 4), new Uint8Array([1, 2, 3, 4]));
  assertEquals((await reader.read(new Uint16Array(1))).done, true);
}

export async function byob_partial_element_at_close_errors() {
  let controller;
  const rs = new ReadableStream({ type: "bytes", start: (c) => void (controller = c) });
  const reader = rs.getReader({ mode: "byob" });
  const p = reader.read(new Uint16Array(2));
  await flush();
  controller.enqueue(new Uint8Array([1]));
  assertThrows(() => controller.close(), TypeError);
  await assertRejects(p, TypeError);
}

export async function byob_release_with_pending_read_keeps_bytes() {
  let controller;
  const rs = new ReadableStream({ type: "bytes", start: (c) => void (controller = c) });
  const byob = rs.getReader({ mode: "byob" });
  const pending = byob.read(new Uint8Array(4));
  await flush();
  byob.releaseLock();
  await assertRejects(pending, TypeError);
  const request = controller.byobRequest;
  request.view[0] = 42;
  request.respond(1);
  const reader = rs.getReader();
  const { value } = await reader.read();
  assertEquals(value, new Uint8Array([42]), "the bytes written for the released reader are not lost");
}

export async function tee_cancel_one_branch_other_continues() {
  const rs = ReadableStream.from(["a", "b", "c"]);
  const [b1, b2] = rs.tee();
  // A branch's cancel settles only once the other branch is cancelled or the source ends.
  const cancelled = b1.cancel("bored");
  const out = [];
  for await (const v of b2) out.push(v);
  assertEquals(out, ["a", "b", "c"]);
  await cancelled;
}

export async function pipe_waits_for_writes_before_closing() {
  const log = [];
  let release;
  const ws = new WritableStream({
    write(chunk) {
      log.push(`write ${chunk}`);
      if (chunk === "a") return new Promise((r) => (release = r));
    },
    close() {
      log.push("close");
    },
  });
  const done = ReadableStream.from(["a", "b"]).pipeTo(ws);
  await flush(40);
  assertEquals(log, ["write a"]);
  release();
  await done;
  assertEquals(log, ["write a", "write b", "close"]);
}

export async function writable_close_after_queued_writes() {
  const log = [];
  const ws = new WritableStream({
    async write(chunk) {
      await null;
      log.push(chunk);
    },
    close() {
      log.push("closed");
    },
  });
  const writer = ws.getWriter();
  writer.write(1);
  writer.write(2);
  const closing = writer.close();
  await assertRejects(writer.write(3), TypeError);
  await closing;
  assertEquals(log, [1, 2, "closed"]);
  assertEquals(writer.desiredSize, 0);
}

export async function iterator_return_during_pending_next() {
  let cancelled;
  let controller;
  const rs = new ReadableStream({ start: (c) => void (controller = c), cancel: (r) => void (cancelled = r) });
  const it = rs[Symbol.asyncIterator]();
  const next = it.next();
  const ret = it.return("bye");
  controller.enqueue("x");
  assertEquals(await next, { value: "x", done: false });
  assertEquals(await ret, { value: "bye", done: true });
  assertEquals(cancelled, "bye");
  assertEquals(await it.next(), { value: undefined, done: true });
}

export async function from_a_readable_stream() {
  const inner = ReadableStream.from([1, 2]);
  const outer = ReadableStream.from(inner);
  assert(outer !== inner);
  const out = [];
  for await (const v of outer) out.push(v);
  assertEquals(out, [1, 2]);
}
