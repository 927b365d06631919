// A dispatch namespace's outbound Worker: every fetch() of a user Worker arrives here, with the
// dispatcher's `customer` parameter in env. It blocks one host and answers for the others.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.hostname === "blocked.example") return new Response(`blocked for ${env.customer}`, { status: 403 });
    return new Response(`outbound saw ${request.method} ${url.hostname}${url.pathname} for ${env.customer}`);
  },
};
