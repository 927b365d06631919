// A Hono app: routing with params and queries, JSON in and out, middleware, a not-found handler
// and an error handler. Bundled by wrangler (esbuild) from npm `hono`.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";

const app = new Hono();

app.use("*", async (c, next) => {
  const started = Date.now();
  await next();
  c.header("x-powered-by", "hono-on-hearth");
  c.header("x-elapsed-ok", String(Date.now() - started >= 0));
});

app.get("/", (c) => c.text(`Hello ${c.env.GREETING}!`));
app.get("/users/:id", (c) => c.json({ id: c.req.param("id"), q: c.req.query("q") ?? null }));
app.post("/echo", async (c) => c.json({ got: await c.req.json() }, 201));
app.get("/boom", () => {
  throw new Error("kaboom");
});
app.get("/forbidden", () => {
  throw new HTTPException(403, { message: "nope" });
});
app.notFound((c) => c.json({ error: "not found", path: c.req.path }, 404));
app.onError((err, c) => (err instanceof HTTPException ? err.getResponse() : c.json({ error: err.message }, 500)));

export default app;
