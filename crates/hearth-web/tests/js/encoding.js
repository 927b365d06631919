// Encoding checks: TextEncoder/TextDecoder, their streams, atob/btoa.

const bytes = (...b) => new Uint8Array(b);

async function collect(readable) {
  const out = [];
  for await (const chunk of readable) out.push(chunk);
  return out;
}

export function encoder_basics() {
  const e = new TextEncoder();
  assertEquals(e.encoding, "utf-8");
  assertEquals(e.encode("€a"), bytes(0xe2, 0x82, 0xac, 0x61));
  assertEquals(e.encode(), bytes());
  assertEquals(e.encode(undefined), bytes());
  assertEquals(e.encode(123), bytes(0x31, 0x32, 0x33));
  assertEquals(e.encode("\uD800x"), bytes(0xef, 0xbf, 0xbd, 0x78), "a lone surrogate becomes U+FFFD");
  assertEquals(e.encode("\u{1F600}"), bytes(0xf0, 0x9f, 0x98, 0x80));
  assertThrows(() => TextEncoder.prototype.encode.call({}, "x"), TypeError);
}

export function encode_into() {
  const e = new TextEncoder();
  const dest = new Uint8Array(5);
  assertEquals(e.encodeInto("a€\u{1F600}", dest), { read: 2, written: 4 }, "stops before a character that does not fit");
  assertEquals(dest, bytes(0x61, 0xe2, 0x82, 0xac, 0));
  const big = new Uint8Array(8);
  assertEquals(e.encodeInto("\u{1F600}b", big), { read: 3, written: 5 });
  const view = new Uint8Array(new ArrayBuffer(10), 2, 3);
  assertEquals(e.encodeInto("xyzw", view), { read: 3, written: 3 });
  assertEquals(new Uint8Array(view.buffer)[2], 0x78);
  assertThrows(() => e.encodeInto("x", new Uint16Array(2)), TypeError);
  assertThrows(() => e.encodeInto("x"), TypeError);
}

export function decoder_utf8() {
  const d = new TextDecoder();
  assertEquals([d.encoding, d.fatal, d.ignoreBOM], ["utf-8", false, false]);
  assertEquals(d.decode(bytes(0xe2, 0x82, 0xac)), "€");
  assertEquals(d.decode(), "");
  assertEquals(d.decode(bytes(0xef, 0xbb, 0xbf, 0x61)), "a", "the BOM is stripped");
  assertEquals(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes(0xef, 0xbb, 0xbf, 0x61)), "\uFEFFa");
  assertEquals(d.decode(bytes(0xff, 0x61)), "\uFFFDa");
  assertEquals(d.decode(new Uint16Array([0x6261]).buffer), "ab", "ArrayBuffer input");
  assertEquals(d.decode(new DataView(bytes(0x41, 0x42).buffer, 1)), "B", "DataView input");
  assertThrows(() => d.decode("string"), TypeError);
  assertThrows(() => d.decode(bytes(0x61), 5), TypeError);
}

export function decoder_fatal() {
  const d = new TextDecoder("utf-8", { fatal: true });
  assertEquals(d.fatal, true);
  assertThrows(() => d.decode(bytes(0xc3)), TypeError);
  assertThrows(() => d.decode(bytes(0xed, 0xa0, 0x80)), TypeError);
  assertEquals(d.decode(bytes(0x61)), "a", "usable after an error");
}

export function decoder_stream_keeps_split_sequence() {
  const d = new TextDecoder();
  const euro = bytes(0xe2, 0x82, 0xac);
  assertEquals(d.decode(euro.subarray(0, 1), { stream: true }), "");
  assertEquals(d.decode(euro.subarray(1, 2), { stream: true }), "");
  assertEquals(d.decode(euro.subarray(2), { stream: true }), "€");
  assertEquals(d.decode(bytes(0xf0, 0x9f), { stream: true }), "");
  assertEquals(d.decode(), "\uFFFD", "an unfinished sequence at the end is replaced");
  const f = new TextDecoder("utf-8", { fatal: true });
  assertEquals(f.decode(bytes(0xe2), { stream: true }), "");
  assertThrows(() => f.decode(), TypeError);
}

export function decoder_bom_only_at_start_of_stream() {
  const d = new TextDecoder();
  assertEquals(d.decode(bytes(0xef, 0xbb), { stream: true }), "");
  assertEquals(d.decode(bytes(0xbf, 0x61), { stream: true }), "a");
  assertEquals(d.decode(bytes(0xef, 0xbb, 0xbf)), "\uFEFF", "a later BOM is kept");
  assertEquals(d.decode(bytes(0xef, 0xbb, 0xbf, 0x62)), "b", "a new stream strips it again");
}

export function decoder_other_encodings() {
  assertEquals(new TextDecoder("utf-16le").decode(bytes(0x61, 0x00, 0xac, 0x20)), "a€");
  assertEquals(new TextDecoder("utf-16be").decode(bytes(0x00, 0x61)), "a");
  assertEquals(new TextDecoder("utf-16").encoding, "utf-16le");
  const latin1 = new TextDecoder("latin1");
  assertEquals(latin1.encoding, "windows-1252");
  assertEquals(latin1.decode(bytes(0x80, 0xe9)), "€é");
  assertEquals(new TextDecoder(" ISO-8859-2 ").encoding, "iso-8859-2");
  assertEquals(new TextDecoder("shift_jis").decode(bytes(0x82, 0xa0)), "あ");
  const split = new TextDecoder("utf-16le");
  assertEquals(split.decode(bytes(0x61), { stream: true }), "");
  assertEquals(split.decode(bytes(0x00)), "a");
  assertThrows(() => new TextDecoder("nope"), RangeError);
  assertThrows(() => new TextDecoder("replacement"), RangeError);
  assertThrows(() => new TextDecoder("utf-8", 5), TypeError);
}

export async function text_encoder_stream() {
  const s = new TextEncoderStream();
  assertEquals(s.encoding, "utf-8");
  const w = s.writable.getWriter();
  w.write("a\uD83D");
  w.write("\uDE00");
  w.write("\uD800");
  w.close();
  const chunks = await collect(s.readable);
  assertEquals(chunks, [bytes(0x61), bytes(0xf0, 0x9f, 0x98, 0x80), bytes(0xef, 0xbf, 0xbd)]);
}

export async function text_decoder_stream() {
  const s = new TextDecoderStream();
  assertEquals([s.encoding, s.fatal, s.ignoreBOM], ["utf-8", false, false]);
  const out = collect(s.readable);
  const w = s.writable.getWriter();
  await w.write(bytes(0x61, 0xe2));
  await w.write(bytes(0x82, 0xac));
  await w.close();
  assertEquals(await out, ["a", "€"]);
}

export async function text_decoder_stream_pipe_and_errors() {
  const source = ReadableStream.from([bytes(0xf0, 0x9f), bytes(0x98, 0x80)]);
  assertEquals((await collect(source.pipeThrough(new TextDecoderStream()))).join(""), "\u{1F600}");
  const fatal = new TextDecoderStream("utf-8", { fatal: true });
  const p = collect(fatal.readable);
  const w = fatal.writable.getWriter();
  w.write(bytes(0xff)).catch(() => {});
  await assertRejects(p, TypeError);
  const bad = new TextDecoderStream();
  const p2 = collect(bad.readable);
  bad.writable.getWriter().write("not bytes").catch(() => {});
  await assertRejects(p2, TypeError);
  assertThrows(() => new TextDecoderStream("nope"), RangeError);
}

export function atob_btoa() {
  assertEquals(btoa("hello"), "aGVsbG8=");
  assertEquals(btoa(""), "");
  assertEquals(btoa("\xff\xfe"), "//4=");
  assertEquals(atob("aGVsbG8="), "hello");
  assertEquals(atob("aGVsbG8"), "hello", "padding is optional");
  assertEquals(atob(" aG Vs\nbG8= "), "hello", "ASCII whitespace is ignored");
  assertEquals(atob("//4="), "\xff\xfe");
  assertEquals(atob(""), "");
  assertEquals(atob(null), "\x9e\xe9e", "null is the string 'null'");
  for (const bad of ["a", "aGVsbG8==", "aGV=sbG8", "a===", "*AAA", "AAA\u00e9"]) {
    const e = assertThrows(() => atob(bad), DOMException, bad);
    assertEquals(e.name, "InvalidCharacterError");
    assertEquals(e.code, 5);
  }
  const e = assertThrows(() => btoa("€"), DOMException);
  assertEquals(e.name, "InvalidCharacterError");
  assertThrows(() => btoa("\uD800"), DOMException);
  assertThrows(() => atob(), TypeError);
  assertThrows(() => btoa(), TypeError);
}
