// An itty-router app of a different shape from the Hono one: AutoRouter with params, a JSON API,
// a streamed response built chunk by chunk, and text decoding of the request body.
import { AutoRouter, error } from "itty-router";

const router = AutoRouter();

router
  .get("/api/items/:id", ({ params, query }) => ({ id: Number(params.id), fields: query.fields ?? "all" }))
  .post("/api/words", async (request) => {
    const text = new TextDecoder().decode(await request.arrayBuffer());
    return { words: text.trim().split(/\s+/).length };
  })
  .get("/stream/:n", ({ params }) => {
    const n = Number(params.n);
    let i = 0;
    const encoder = new TextEncoder();
    const body = new ReadableStream({
      pull(controller) {
        if (i === n) return controller.close();
        controller.enqueue(encoder.encode(`line ${i++}\n`));
      },
    });
    return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
  })
  .get("/teapot", () => error(418, "short and stout"));

export default router;
