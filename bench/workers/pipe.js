// Stream piping: 16 MiB generated in 64 KiB chunks by a pull-based ReadableStream, piped into
// the response through an identity TransformStream, or through CompressionStream("gzip") when
// the text binding MODE is "gzip" (bench/pipe.py, section `pipe`, deploys it both ways).
const CHUNK = 64 * 1024;
const TOTAL = 16 * 1024 * 1024;
// Text-like bytes, so that gzip has something to compress.
const template = new Uint8Array(CHUNK);
for (let i = 0, x = 1; i < CHUNK; i++) {
  x = (x * 1103515245 + 12345) & 0x7fffffff;
  template[i] = i % 9 === 8 ? 32 : 97 + ((x >> 16) % 26);
}
export default {
  async fetch(request, env) {
    let sent = 0;
    const source = new ReadableStream({
      pull(controller) {
        if (sent >= TOTAL) return controller.close();
        controller.enqueue(template.slice());
        sent += CHUNK;
      },
    });
    if (env.MODE === "gzip") {
      const body = source.pipeThrough(new CompressionStream("gzip"));
      return new Response(body, { headers: { "content-type": "application/gzip" } });
    }
    const body = source.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        controller.enqueue(chunk);
      },
    }));
    return new Response(body, { headers: { "content-type": "application/octet-stream" } });
  },
};
