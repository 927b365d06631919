// 10 MiB streamed in 64 KiB chunks from a pull-based ReadableStream.
const CHUNK = 64 * 1024;
const TOTAL = 10 * 1024 * 1024;
const template = new Uint8Array(CHUNK).fill(120);
export default {
  async fetch(request, env) {
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent >= TOTAL) {
          controller.close();
          return;
        }
        controller.enqueue(template.slice());
        sent += CHUNK;
      }
    });
    return new Response(body, { headers: { "content-type": "application/octet-stream" } });
  }
};
