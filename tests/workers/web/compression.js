// CompressionStream / DecompressionStream: round trips, vectors from Python's zlib/gzip, large
// and chunked data, error cases (TypeError as in workerd), pipeThrough and Response bodies.
import { checks, assert, assertEquals, assertThrows, assertRejects, hex, unhex } from "./_checks.js";

// Vectors made with Python's zlib and gzip modules (compression level 9; the named one has
// FEXTRA, FNAME and FCOMMENT set): the decompressor must read every one of them.
const VECTORS = {
  zlib: "78daf3484d2c2ac95048cecf2d284a2d2ececccf53284b4d2ec92fb2526060646266616563e7e0e4e2e6e1e5e3171014121611151397909492969195935750545256515553d7d0d4d2d6d1d5d33730343236313533b7b0b4b2b6b1b5b37770747276717573f7f0f4f2f6f1f5f30f080c0a0e090d0b8f888c8a8e898d8b4f484c4a4e494d4bcfc8cccacec9cdcb2f282c2a2e292d2bafa8acaaaea9adab6f686c6a6e696d6befe8eceaeee9edeb9f3071d2e42953a74d9f3173d6ec3973e7cd5fb070d1e2254b972d5fb172d5ea356bd7addfb071d3e62d5bb76ddfb173d7ee3d7bf7ed3f70f0d0e123478f1d3f71f2d4e93367cf9dbf70f1d2e52b57af5dbf71f3d6ed3b77efdd7ff0f0d1e3274f9f3d7ff1f2d5eb376fdfbdfff0f1d3e72f5fbf7dfff1f3d7ef3f7ffffdcf48cdc9c957c020014453926c",
  raw: "f3484d2c2ac95048cecf2d284a2d2ececccf53284b4d2ec92fb2526060646266616563e7e0e4e2e6e1e5e3171014121611151397909492969195935750545256515553d7d0d4d2d6d1d5d33730343236313533b7b0b4b2b6b1b5b37770747276717573f7f0f4f2f6f1f5f30f080c0a0e090d0b8f888c8a8e898d8b4f484c4a4e494d4bcfc8cccacec9cdcb2f282c2a2e292d2bafa8acaaaea9adab6f686c6a6e696d6befe8eceaeee9edeb9f3071d2e42953a74d9f3173d6ec3973e7cd5fb070d1e2254b972d5fb172d5ea356bd7addfb071d3e62d5bb76ddfb173d7ee3d7bf7ed3f70f0d0e123478f1d3f71f2d4e93367cf9dbf70f1d2e52b57af5dbf71f3d6ed3b77efdd7ff0f0d1e3274f9f3d7ff1f2d5eb376fdfbdfff0f1d3e72f5fbf7dfff1f3d7ef3f7ffffdcf48cdc9c957c02001",
  gzip: "1f8b0800000000000203f3484d2c2ac95048cecf2d284a2d2ececccf53284b4d2ec92fb2526060646266616563e7e0e4e2e6e1e5e3171014121611151397909492969195935750545256515553d7d0d4d2d6d1d5d33730343236313533b7b0b4b2b6b1b5b37770747276717573f7f0f4f2f6f1f5f30f080c0a0e090d0b8f888c8a8e898d8b4f484c4a4e494d4bcfc8cccacec9cdcb2f282c2a2e292d2bafa8acaaaea9adab6f686c6a6e696d6befe8eceaeee9edeb9f3071d2e42953a74d9f3173d6ec3973e7cd5fb070d1e2254b972d5fb172d5ea356bd7addfb071d3e62d5bb76ddfb173d7ee3d7bf7ed3f70f0d0e123478f1d3f71f2d4e93367cf9dbf70f1d2e52b57af5dbf71f3d6ed3b77efdd7ff0f0d1e3274f9f3d7ff1f2d5eb376fdfbdfff0f1d3e72f5fbf7dfff1f3d7ef3f7ffffdcf48cdc9c957c02001a8059b7832010000",
  named: "1f8b081c000000000003030078797a66696c652e747874006120636f6d6d656e7400cb4bcc4d4d010087cce07105000000",
  one: "1f8b0800000000000203cbcf4b0500f1866c7a03000000",
};

const enc = (s) => new TextEncoder().encode(s);
const FORMATS = ["gzip", "deflate", "deflate-raw"];

// The plaintext of the zlib/raw/gzip vectors.
function vectorData() {
  const out = [...enc("Hearth compression vector: ")];
  for (let i = 0; i < 256; i++) out.push(i);
  out.push(...enc("hello hello hello hello"));
  return new Uint8Array(out);
}

function concat(chunks) {
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

async function readAll(readable) {
  const chunks = [];
  for await (const c of readable) {
    assert(c instanceof Uint8Array, "every output chunk is a Uint8Array");
    chunks.push(c);
  }
  return chunks;
}

// Writes `inputs` to a transform's writable side and collects its readable side.
async function run(stream, inputs) {
  const writer = stream.writable.getWriter();
  const reading = readAll(stream.readable);
  for (const i of inputs) writer.write(i).catch(() => {});
  writer.close().catch(() => {});
  return concat(await reading);
}

function sameBytes(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Deterministic, moderately compressible bytes.
function sample(n) {
  const out = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = i % 7 === 0 ? x & 0xff : 97 + (i % 13);
  }
  return out;
}

export default checks({
  "round trip of each format": async () => {
    const text = enc("hello, compressed world! ".repeat(40));
    for (const f of FORMATS) {
      const packed = await run(new CompressionStream(f), [text]);
      assert(packed.byteLength < text.byteLength, `${f} compresses`);
      assertEquals(await run(new DecompressionStream(f), [packed]), text, f);
    }
  },
  "framing of each format": async () => {
    const gz = await run(new CompressionStream("gzip"), [enc("abc")]);
    assertEquals(hex(gz.subarray(0, 3)), "1f8b08");
    assertEquals(hex(gz.subarray(-4)), "03000000", "ISIZE");
    const z = await run(new CompressionStream("deflate"), [enc("abc")]);
    assertEquals(hex(z.subarray(0, 2)), "789c");
    assertEquals(hex(z.subarray(-4)), "024d0127", "Adler-32 of abc");
    assertEquals(hex(await run(new CompressionStream("deflate"), [])), "789c030000000001");
    assertEquals(hex(await run(new CompressionStream("deflate-raw"), [])), "0300");
    assertEquals(await run(new DecompressionStream("gzip"), [await run(new CompressionStream("gzip"), [])]), new Uint8Array(0));
  },
  "decodes vectors made by Python's zlib and gzip": async () => {
    const data = vectorData();
    assertEquals(await run(new DecompressionStream("deflate"), [unhex(VECTORS.zlib)]), data, "zlib");
    assertEquals(await run(new DecompressionStream("deflate-raw"), [unhex(VECTORS.raw)]), data, "raw");
    assertEquals(await run(new DecompressionStream("gzip"), [unhex(VECTORS.gzip)]), data, "gzip");
    assertEquals(await run(new DecompressionStream("gzip"), [unhex(VECTORS.named)]), enc("named"), "gzip with FEXTRA/FNAME/FCOMMENT");
    // The same vectors one byte at a time (headers and trailers split across chunks).
    const bytes = unhex(VECTORS.named);
    assertEquals(await run(new DecompressionStream("gzip"), Array.from(bytes, (b) => new Uint8Array([b]))), enc("named"));
    const gz = unhex(VECTORS.gzip);
    assertEquals(await run(new DecompressionStream("gzip"), Array.from(gz, (b) => new Uint8Array([b]))), data);
  },
  "accepts every BufferSource": async () => {
    const packed = await run(new CompressionStream("deflate-raw"), [
      new DataView(enc("ab").buffer),
      enc("c").buffer,
      new Uint16Array([0x6564]),
      enc("xxfxx").subarray(2, 3),
    ]);
    assertEquals(new TextDecoder().decode(await run(new DecompressionStream("deflate-raw"), [packed])), "abcdef");
  },
  "large data": async () => {
    const big = sample(2 * 1024 * 1024 + 17);
    for (const f of FORMATS) {
      const packed = await run(new CompressionStream(f), [big.subarray(0, 1000000), big.subarray(1000000)]);
      assert(packed.byteLength < big.byteLength, f);
      const back = await run(new DecompressionStream(f), [packed]);
      assertEquals(back.byteLength, big.byteLength, f);
      assert(sameBytes(back, big), `${f} round trip of 2 MiB`);
    }
  },
  "output comes in pieces of at most 64 KiB": async () => {
    // 16 MiB of zeros compress to ~16 KB; one write must not become one 16 MiB chunk.
    const zeros = new Uint8Array(16 * 1024 * 1024);
    const packed = await run(new CompressionStream("gzip"), [zeros]);
    assert(packed.byteLength < 100000, `compressed to ${packed.byteLength}`);
    const ds = new DecompressionStream("gzip");
    const writer = ds.writable.getWriter();
    writer.write(packed);
    writer.close();
    let total = 0;
    let pieces = 0;
    for await (const c of ds.readable) {
      assert(c.byteLength <= 65536, `piece of ${c.byteLength}`);
      assert(c[0] === 0 && c[c.byteLength - 1] === 0 && c[c.byteLength >> 1] === 0);
      total += c.byteLength;
      pieces++;
    }
    assertEquals(total, zeros.byteLength);
    assert(pieces >= 256, `${pieces} pieces`);
  },
  "a chunk that inflates a lot waits for the reader": async () => {
    const packed = await run(new CompressionStream("deflate"), [new Uint8Array(8 * 1024 * 1024)]);
    const ds = new DecompressionStream("deflate");
    const writer = ds.writable.getWriter();
    const reader = ds.readable.getReader();
    let written = false;
    writer.write(packed).then(() => (written = true));
    assertEquals((await reader.read()).value.byteLength, 65536);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert(!written, "the write waits while the reader is behind");
    let total = 65536;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total === 8 * 1024 * 1024) writer.close();
    }
    assert(written, "the write completed once the reader caught up");
    assertEquals(total, 8 * 1024 * 1024);
  },
  "many small chunks": async () => {
    const parts = [];
    for (let i = 0; i < 2000; i++) parts.push(enc(`line ${i};`));
    const whole = concat(parts);
    for (const f of FORMATS) {
      const packed = await run(new CompressionStream(f), parts);
      const slices = [];
      for (let i = 0; i < packed.byteLength; i += 3) slices.push(packed.slice(i, i + 3));
      assertEquals(await run(new DecompressionStream(f), slices), whole, f);
    }
  },
  "unknown format and missing argument are TypeErrors": () => {
    assertThrows(() => new CompressionStream("br"), TypeError);
    assertThrows(() => new CompressionStream("GZIP"), TypeError);
    assertThrows(() => new DecompressionStream("zlib"), TypeError);
    assertThrows(() => new CompressionStream(), TypeError);
    assertThrows(() => new DecompressionStream(), TypeError);
    assertThrows(() => CompressionStream("gzip"), TypeError);
  },
  "they are TransformStreams": async () => {
    const cs = new CompressionStream("gzip");
    assert(cs instanceof TransformStream);
    assertEquals(Object.prototype.toString.call(cs), "[object CompressionStream]");
    assertEquals(Object.prototype.toString.call(new DecompressionStream("deflate")), "[object DecompressionStream]");
    assert(cs.readable instanceof ReadableStream && cs.writable instanceof WritableStream);
    assertEquals(cs.readable, cs.readable);
  },
  "non-BufferSource chunks error the stream": async () => {
    for (const bad of ["text", 42, { length: 1 }, null]) {
      const cs = new CompressionStream("gzip");
      const writer = cs.writable.getWriter();
      const reading = readAll(cs.readable);
      await assertRejects(writer.write(bad), TypeError, String(bad));
      await assertRejects(reading, TypeError);
    }
  },
  "corrupt input errors the stream": async () => {
    for (const f of FORMATS) {
      const ds = new DecompressionStream(f);
      const writer = ds.writable.getWriter();
      const reading = readAll(ds.readable);
      const bad = f === "deflate-raw" ? new Uint8Array([0xff, 0xff, 0xff, 0xff]) : enc("this is not compressed");
      await assertRejects(writer.write(bad), TypeError, f);
      await assertRejects(reading, TypeError, f);
      await assertRejects(writer.close(), TypeError, `${f}: close after error`);
    }
    // A wrong CRC-32 in the gzip trailer.
    const gz = unhex(VECTORS.gzip);
    gz[gz.length - 6] ^= 1;
    await assertRejects(run(new DecompressionStream("gzip"), [gz]), TypeError, "bad crc");
  },
  "truncated input errors at close": async () => {
    for (const [f, v] of [["gzip", VECTORS.gzip], ["deflate", VECTORS.zlib], ["deflate-raw", VECTORS.raw]]) {
      const bytes = unhex(v);
      const ds = new DecompressionStream(f);
      const writer = ds.writable.getWriter();
      const reading = readAll(ds.readable);
      await writer.write(bytes.subarray(0, bytes.length - 5));
      await assertRejects(writer.close(), TypeError, f);
      await assertRejects(reading, TypeError, f);
    }
    await assertRejects(run(new DecompressionStream("gzip"), [new Uint8Array([0x1f, 0x8b])]), TypeError, "header only");
  },
  "trailing data after the end errors": async () => {
    const gz = unhex(VECTORS.one);
    await assertRejects(run(new DecompressionStream("gzip"), [gz, new Uint8Array([1, 2, 3])]), TypeError, "junk");
    await assertRejects(run(new DecompressionStream("gzip"), [gz, gz]), TypeError, "a second gzip member");
    await assertRejects(run(new DecompressionStream("deflate"), [concat([unhex(VECTORS.zlib), new Uint8Array([0])])]), TypeError);
  },
  "pipeThrough": async () => {
    const text = "piped ".repeat(5000);
    const out = new Blob([text]).stream()
      .pipeThrough(new CompressionStream("gzip"))
      .pipeThrough(new DecompressionStream("gzip"))
      .pipeThrough(new TextDecoderStream());
    let s = "";
    for await (const c of out) s += c;
    assertEquals(s, text);
  },
  "a Response body piped through DecompressionStream": async () => {
    const packed = await new Response(new Blob(["response body ".repeat(1000)]).stream().pipeThrough(new CompressionStream("deflate"))).arrayBuffer();
    const response = new Response(packed, { headers: { "content-encoding": "deflate" } });
    const text = await new Response(response.body.pipeThrough(new DecompressionStream("deflate"))).text();
    assertEquals(text, "response body ".repeat(1000));
    const fromVector = new Response(unhex(VECTORS.gzip)).body.pipeThrough(new DecompressionStream("gzip"));
    assertEquals(new Uint8Array(await new Response(fromVector).arrayBuffer()), vectorData());
  },
  "cancel and abort": async () => {
    const cs = new CompressionStream("gzip");
    const writer = cs.writable.getWriter();
    await cs.readable.cancel(new RangeError("stop"));
    await assertRejects(writer.write(enc("x")), RangeError);
    const ds = new DecompressionStream("gzip");
    const reader = ds.readable.getReader();
    await ds.writable.abort(new SyntaxError("abort"));
    await assertRejects(reader.read(), SyntaxError);
  },
});
