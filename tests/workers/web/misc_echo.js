// Echo Worker for tests/web_misc.rs: the client's real request bodies through the edge.
//   POST /form    -> request.formData() as JSON: [[name, "text" | {file, type, size, text}], ...]
//   POST /gunzip  -> the request body through DecompressionStream("gzip")
//   POST /gzip    -> the request body through CompressionStream("gzip")
export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/form") {
      try {
        const fd = await request.formData();
        const out = [];
        for (const [name, value] of fd) {
          out.push([name, typeof value === "string" ? value : { file: value.name, type: value.type, size: value.size, text: await value.text() }]);
        }
        return Response.json(out);
      } catch (e) {
        return Response.json({ error: `${e.name}: ${e.message}` }, { status: 400 });
      }
    }
    if (pathname === "/gunzip") {
      return new Response(request.body.pipeThrough(new DecompressionStream("gzip")));
    }
    if (pathname === "/gzip") {
      return new Response(request.body.pipeThrough(new CompressionStream("gzip")), { headers: { "x-encoded": "gzip" } });
    }
    return new Response("not found", { status: 404 });
  },
};
