// Stream piping through compression: the 16 MiB of pipe.js (64 KiB chunks) piped through
// CompressionStream("gzip") into the response (bench/pipe.py, section `pipe`).
const CHUNK = 64 * 1024;
const TOTAL = 16 * 1024 * 1024;
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
    const body = source.pipeThrough(new CompressionStream("gzip"));
    return new Response(body, { headers: { "content-type": "application/gzip" } });
  },
};
