// Request bodies read as text / json / stream, and a streamed response.
export default {
  async fetch(request) {
    const path = request.url.slice(request.url.indexOf("/", 8));
    if (path === "/text") return new Response(`text:${await request.text()}`);
    if (path === "/json") {
      const v = await request.json();
      return Response.json({ got: v.n + 1 });
    }
    if (path === "/stream") {
      const reader = request.body.getReader();
      let chunks = 0, bytes = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks++;
        bytes += value.byteLength;
      }
      return new Response(`chunks>=1:${chunks >= 1} bytes:${bytes}`);
    }
    if (path === "/passthrough") {
      // The incoming body handed on untouched.
      return new Response(request.body, { headers: { "x-pass": "1" } });
    }
    if (path === "/many") {
      let i = 0;
      const stream = new ReadableStream({
        async pull(controller) {
          if (i === 100) { controller.close(); return; }
          await new Promise((r) => setTimeout(r, 0));
          controller.enqueue(new Uint8Array(1000).fill(97 + (i % 26)));
          i++;
        },
      });
      return new Response(stream, { headers: { "content-type": "application/octet-stream" } });
    }
    if (path === "/transform") {
      // Written after the response is returned, through a TransformStream.
      const { readable, writable } = new TransformStream();
      const writer = writable.getWriter();
      const enc = new TextEncoder();
      (async () => {
        for (let i = 0; i < 5; i++) {
          await new Promise((r) => setTimeout(r, 1));
          await writer.write(enc.encode(`part${i};`));
        }
        await writer.close();
      })();
      return new Response(readable);
    }
    if (path === "/bytes") return new Response(new Uint8Array([0, 1, 2, 255]));
    return new Response("not found", { status: 404 });
  },
};
