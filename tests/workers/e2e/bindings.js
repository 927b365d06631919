// Reports every binding kind it was given, and calls the BACKEND service binding if present.
export default {
  async fetch(request, env) {
    const out = {
      message: env.MESSAGE,
      secret: env.SECRET,
      config: env.CONFIG,
      meta: env.META ? { id: env.META.id, tag: env.META.tag, hasTimestamp: typeof env.META.timestamp === "string" } : null,
    };
    if (env.BACKEND) {
      const r = await env.BACKEND.fetch("http://backend/path?x=1", { method: "POST", body: "ping" });
      out.backend = { status: r.status, text: await r.text() };
    }
    return Response.json(out);
  },
};
