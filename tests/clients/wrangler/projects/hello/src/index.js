// Answers with its configuration, so the tests can see vars, secrets and which version served.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/env") {
      return Response.json({
        MESSAGE: env.MESSAGE ?? null,
        EXTRA: env.EXTRA ?? null,
        API_KEY: env.API_KEY ?? null,
      });
    }
    if (url.pathname === "/which") {
      return new Response(env.WHICH ?? "none");
    }
    return new Response(env.MESSAGE);
  },
};
