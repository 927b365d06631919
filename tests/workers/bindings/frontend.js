// Calls the BACKEND service binding and reports what came back, plus the other binding kinds.
export default {
  async fetch(request, env) {
    const r = await env.BACKEND.fetch("http://backend/hello", { method: "POST", body: "from-front", headers: { "x-h": "1" } });
    const text = await r.text();
    return Response.json({
      status: r.status,
      text,
      header: r.headers.get("x-backend"),
      secret: env.SECRET,
      json: env.CONFIG.nested.list[1],
      meta: env.META.id + "/" + env.META.tag,
    });
  },
};
