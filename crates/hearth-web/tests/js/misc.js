// CompressionStream/DecompressionStream, FormData and the messaging family (ErrorEvent,
// MessageEvent, MessageChannel/MessagePort) without a runtime: no timers, no fetch.

const enc = (s) => new TextEncoder().encode(s);

async function pump(stream, inputs) {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  for (const i of inputs) writer.write(i).catch(() => {});
  writer.close().catch(() => {});
  const parts = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(...value);
  }
  return new Uint8Array(parts);
}

export async function compression_round_trip() {
  for (const f of ["gzip", "deflate", "deflate-raw"]) {
    const packed = await pump(new CompressionStream(f), [enc("abc"), enc("def")]);
    assertEquals(await pump(new DecompressionStream(f), [packed]), enc("abcdef"), f);
  }
  // zlib's bytes for "abc" at the default level (as workerd produces them).
  assertEquals(await pump(new CompressionStream("deflate"), [enc("abc")]),
    new Uint8Array([0x78, 0x9c, 0x4b, 0x4c, 0x4a, 0x06, 0x00, 0x02, 0x4d, 0x01, 0x27]));
}

export async function compression_errors() {
  assertThrows(() => new CompressionStream("brotli"), TypeError);
  assertThrows(() => new DecompressionStream(), TypeError);
  await assertRejects(pump(new DecompressionStream("deflate"), [enc("plain text")]), TypeError);
  await assertRejects(pump(new DecompressionStream("gzip"), [new Uint8Array([0x1f, 0x8b, 8, 0])]), TypeError);
  await assertRejects(pump(new CompressionStream("gzip"), ["a string"]), TypeError);
}

export function form_data_methods() {
  const fd = new FormData();
  fd.append("a", "1");
  fd.append("f", new Blob(["x"]));
  fd.append("a", "2");
  fd.set("a", "3");
  assertEquals([...fd.keys()], ["a", "f"]);
  assertEquals(fd.get("a"), "3");
  assert(fd.get("f") instanceof File);
  assertEquals(fd.get("f").name, "blob");
  fd.delete("f");
  assertEquals(fd.has("f"), false);
  assertThrows(() => fd.append("only name"), TypeError);
}

export async function message_channel() {
  const { port1, port2 } = new MessageChannel();
  const got = [];
  port2.onmessage = (e) => got.push(e.data);
  port1.postMessage({ n: 1 });
  assertEquals(got, []);
  await flush();
  assertEquals(got, [{ n: 1 }]);
  port1.close();
  port1.postMessage(2);
  await flush();
  assertEquals(got.length, 1);
}

export function error_event() {
  const e = new ErrorEvent("error", { message: "m", lineno: 2, colno: 3, filename: "x.js", error: 1 });
  assertEquals([e.message, e.lineno, e.colno, e.filename, e.error], ["m", 2, 3, "x.js", 1]);
  assert(e instanceof Event);
}
