// The target of a service binding: echoes what it was sent.
export default {
  async fetch(request, env) {
    return new Response(`${env.NAME} got ${request.method} ${new URL(request.url).pathname} ${await request.text()}`);
  },
};
