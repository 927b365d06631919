// A Workers for Platforms dispatcher: routes each request to a user Worker of the DISPATCHER
// namespace, by the first path segment or (under /by-host) by the X-Forwarded-Host's first label.
// `?cpu=N&sub=M` pass custom limits to get().
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const name = url.pathname.startsWith("/by-host")
      ? (request.headers.get("x-forwarded-host") || "").split(".")[0]
      : url.pathname.split("/")[1];
    const options = url.searchParams.has("cpu")
      ? { limits: { cpuMs: Number(url.searchParams.get("cpu")), subRequests: Number(url.searchParams.get("sub") || 0) || undefined } }
      : undefined;
    try {
      const worker = env.DISPATCHER.get(name, {}, options);
      const r = await worker.fetch(request);
      return new Response(`[${name}] ${await r.text()}`, { status: r.status });
    } catch (e) {
      if (e.message.startsWith("Worker not found")) return new Response(`no such customer: ${name}`, { status: 404 });
      return new Response(`dispatch failed: ${e.message}`, { status: 500 });
    }
  },
};
