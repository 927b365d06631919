export default {
  async fetch(request, env) {
    const body = await request.text();
    return new Response(`${env.NAME}: ${request.method} ${request.url} ${request.headers.get("x-h")} ${body}`, {
      status: 203,
      headers: { "x-backend": "yes" },
    });
  },
};
