// Timing of the paths the runtime uses on every request (printed by tests/lifecycle.rs; the
// numbers are informative, nothing is asserted about them).
export async function measure() {
  const N = 2000;
  const chunk = new Uint8Array(1024);
  let t = performance.now();
  for (let i = 0; i < N; i++) await null;
  const job = ((performance.now() - t) / N) * 1000;
  t = performance.now();
  for (let i = 0; i < N; i++) {
    let sent = false;
    const rs = new ReadableStream({
      pull(c) {
        if (sent) c.close();
        else {
          sent = true;
          c.enqueue(chunk);
        }
      },
    });
    const reader = rs.getReader();
    await reader.read();
    await reader.read();
  }
  const pullRead = ((performance.now() - t) / N) * 1000;
  t = performance.now();
  for (let i = 0; i < N; i++) {
    const rs = new ReadableStream({
      type: "bytes",
      start(c) {
        c.enqueue(new Uint8Array(1024));
        c.close();
      },
    });
    const reader = rs.getReader();
    await reader.read();
    await reader.read();
  }
  const bytesRead = ((performance.now() - t) / N) * 1000;
  t = performance.now();
  for (let i = 0; i < N; i++) new URL("https://example.com/a/b?c=d").pathname;
  const url = ((performance.now() - t) / N) * 1000;
  t = performance.now();
  const d = new TextDecoder();
  const e = new TextEncoder();
  for (let i = 0; i < N; i++) d.decode(e.encode("hello world, hello world"));
  const text = ((performance.now() - t) / N) * 1000;
  __print(`per operation: await null (one job) ${job.toFixed(1)} us; pull stream + reader (2 reads) ${pullRead.toFixed(1)} us; ` +
    `byte stream + reader ${bytesRead.toFixed(1)} us; new URL + pathname ${url.toFixed(1)} us; ` +
    `encode + decode ${text.toFixed(1)} us`);
}
