// Calls another deployed Worker through a service binding.
export default {
  async fetch(request, env) {
    const res = await env.BACKEND.fetch("https://backend.internal/env");
    const body = await res.json();
    return new Response(`backend says: ${body.MESSAGE}`);
  },
  async scheduled() {},
};
