// Leaves every kind of long-lived object reachable from the global scope, with promises still
// pending, so that dropping the runtime afterwards proves teardown frees them all.
const keep = (globalThis.__keep = {});
const rs = new ReadableStream({ pull() {} });
keep.reader = rs.getReader();
keep.pendingRead = keep.reader.read();
const [a, b] = new ReadableStream({ start: (c) => c.enqueue("x") }).tee();
keep.tee = [a, b, a.getReader()];
const bytes = new ReadableStream({ type: "bytes" });
keep.byob = bytes.getReader({ mode: "byob" });
keep.byobRead = keep.byob.read(new Uint8Array(8));
const ts = new TransformStream();
keep.writer = ts.writable.getWriter();
keep.write = keep.writer.write("stuck");
keep.pipe = new ReadableStream({ pull() { return new Promise(() => {}); } }).pipeTo(new WritableStream());
keep.iterator = new ReadableStream().values();
keep.iterNext = keep.iterator.next();
keep.ac = new AbortController();
keep.ac.signal.addEventListener("abort", () => {});
keep.any = AbortSignal.any([keep.ac.signal]);
keep.never = new Promise(() => {});
for (const name of ["TextDecoder", "TextEncoder", "URL", "URLSearchParams", "Blob", "URLPattern"]) {
  if (typeof globalThis[name] !== "function") continue;
  try {
    keep[name] = name === "URL" ? new URL("https://a.example/?q=1") : new globalThis[name]();
    if (name === "URLPattern") keep.match = keep[name].exec("https://a.example/x");
  } catch {}
}
if (typeof TextDecoder === "function") keep.partial = new TextDecoder().decode(new Uint8Array([0xe2, 0x82]), { stream: true });
if (typeof URL === "function") keep.params = new URL("https://a.example/?q=1").searchParams;
if (typeof TextDecoderStream === "function") keep.tds = new TextDecoderStream().writable.getWriter();
if (typeof Blob === "function") keep.blobReader = new Blob(["abc"]).stream().getReader();
if (typeof crypto === "object") {
  // Keys (Rust handles on the QuickJS heap), an in-flight key generation and a DigestStream with
  // its hasher mid-digest.
  keep.pair = crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]).then((p) => (keep.keys = p));
  keep.hmac = crypto.subtle.importKey("raw", new Uint8Array(16), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]).then((k) => (keep.hmacKey = k));
  keep.digestStream = new crypto.DigestStream("SHA-256");
  keep.digestWriter = keep.digestStream.getWriter();
  keep.digestWrite = keep.digestWriter.write(new Uint8Array(4));
}
globalThis.__done = true;
