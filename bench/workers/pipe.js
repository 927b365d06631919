// Stream piping: 16 MiB generated in 64 KiB chunks by a pull-based ReadableStream, piped
// through an identity TransformStream into the response (bench/pipe.py, section `pipe`).
const CHUNK = 64 * 1024;
const TOTAL = 16 * 1024 * 1024;
// Text-like bytes (the same as pipe_gzip.js, so both variants move the same data).
const template = new Uint8Array(CHUNK);
for (let i = 0, x = 1; i < CHUNK; i++) {
  x = (x * 1103515245 + 12345) & 0x7fffffff;
  template[i] = i % 9 === 8 ? 32 : 97 + ((x >> 16) % 26);
}
export default {
  async fetch() {
    let sent = 0;
    const source = new ReadableStream({
      pull(controller) {
        if (sent >= TOTAL) return controller.close();
        controller.enqueue(template.slice());
        sent += CHUNK;
      },
    });
    const body = source.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        controller.enqueue(chunk);
      },
    }));
    return new Response(body, { headers: { "content-type": "application/octet-stream" } });
  },
};
