// Streams request and response bodies: /echo-count reads the request body chunk by chunk and
// reports its size; /stream answers `n` chunks of `size` bytes generated on demand.
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/echo-count") {
      const reader = request.body.getReader();
      let bytes = 0;
      let chunks = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        chunks++;
      }
      return Response.json({ bytes, chunks });
    }
    if (url.pathname === "/stream") {
      const n = Number(url.searchParams.get("n"));
      const size = Number(url.searchParams.get("size"));
      let i = 0;
      const body = new ReadableStream({
        pull(controller) {
          if (i++ >= n) return controller.close();
          controller.enqueue(new Uint8Array(size).fill(97));
        },
      });
      return new Response(body, { headers: { "content-type": "application/octet-stream" } });
    }
    return new Response("not found", { status: 404 });
  },
};
