// Blob, File, performance and navigator checks.

const enc = (s) => new TextEncoder().encode(s);

export async function blob_from_parts() {
  const b = new Blob(["ab", new Uint8Array([0x63]), new Uint16Array([0x6564]).buffer, new Blob(["f"])], { type: "Text/Plain" });
  assertEquals(b.size, 6);
  assertEquals(b.type, "text/plain");
  assertEquals(await b.text(), "abcdef");
  assertEquals(new Uint8Array(await b.arrayBuffer()), enc("abcdef"));
  assertEquals(await b.bytes(), enc("abcdef"));
  assertEquals(new Blob().size, 0);
  assertEquals(new Blob(["x"], { type: "bad\u00e9" }).type, "");
  assertEquals(await new Blob(["é"]).text(), "é");
  assertEquals(await new Blob(["a\r\nb\rc"], { endings: "native" }).text(), "a\nb\nc");
  assertEquals(await new Blob(["a\r\nb"]).text(), "a\r\nb");
  assertThrows(() => new Blob("not a sequence"), TypeError);
  assertThrows(() => new Blob([], { endings: "weird" }), TypeError);
}

export async function blob_is_a_snapshot() {
  const bytes = new Uint8Array([1, 2, 3]);
  const b = new Blob([bytes]);
  bytes[0] = 9;
  assertEquals(await b.bytes(), new Uint8Array([1, 2, 3]));
  const out = await b.bytes();
  out[1] = 7;
  assertEquals(await b.bytes(), new Uint8Array([1, 2, 3]));
}

export async function blob_slice() {
  const b = new Blob(["hello world"]);
  assertEquals(await b.slice(6).text(), "world");
  assertEquals(await b.slice(-5, -1).text(), "worl");
  assertEquals(await b.slice(3, 1).text(), "");
  assertEquals(b.slice(0, 5, "X/Y").type, "x/y");
  assertEquals(await b.slice(2, 8).slice(1, 3).text(), "lo");
  assertEquals(b.slice(100).size, 0);
}

export async function blob_stream() {
  const big = new Uint8Array(150000).map((_, i) => i & 0xff);
  const b = new Blob([big]);
  const reader = b.stream().getReader();
  let total = 0;
  let chunks = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    assert(value instanceof Uint8Array);
    assertEquals(value[0], (total & 0xff));
    total += value.byteLength;
    chunks++;
  }
  assertEquals(total, 150000);
  assert(chunks >= 3);
  const byob = new Blob(["abcdef"]).stream().getReader({ mode: "byob" });
  const r = await byob.read(new Uint8Array(4));
  assertEquals(new TextDecoder().decode(r.value), "abcd");
  let rest = await byob.read(new Uint8Array(4));
  assertEquals(new TextDecoder().decode(rest.value), "ef");
  assertEquals((await byob.read(new Uint8Array(4))).done, true);
  const text = await readText(new Blob(["x"]).stream());
  assertEquals(text, "x");
}

// Reads a stream to text the way a body would (no Response in this crate).
async function readText(stream) {
  let s = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) s += chunk;
  return s;
}

export async function file() {
  const f = new File(["data"], "a.txt", { type: "text/plain", lastModified: 42 });
  assert(f instanceof Blob);
  assertEquals([f.name, f.lastModified, f.type, f.size, f.webkitRelativePath], ["a.txt", 42, "text/plain", 4, ""]);
  assertEquals(await f.text(), "data");
  const now = Date.now();
  const g = new File([], "b");
  assert(Math.abs(g.lastModified - now) < 60000);
  assertThrows(() => new File(["x"]), TypeError);
  assertEquals(Object.prototype.toString.call(f), "[object File]");
  const cloned = structuredClone(f);
  assertEquals([cloned.name, cloned.lastModified, await cloned.text()], ["a.txt", 42, "data"]);
}

export async function wrong_this() {
  assertThrows(() => Object.getOwnPropertyDescriptor(Blob.prototype, "size").get.call({}), TypeError);
  await assertRejects(Blob.prototype.text.call({}), TypeError);
  assertThrows(() => Object.getOwnPropertyDescriptor(File.prototype, "name").get.call(new Blob()), TypeError);
}

export function performance_and_navigator() {
  const a = performance.now();
  const b = performance.now();
  assert(typeof a === "number" && a >= 0 && b >= a);
  assert(Math.abs(performance.timeOrigin + a - Date.now()) < 60000);
  assertEquals(performance.toJSON(), { timeOrigin: performance.timeOrigin });
  assert(performance instanceof Performance);
  assert(performance instanceof EventTarget);
  assertThrows(() => new Performance(), TypeError);
  assertEquals(navigator.userAgent, "Cloudflare-Workers");
  assert(navigator instanceof Navigator);
  assertThrows(() => new Navigator(), TypeError);
}
