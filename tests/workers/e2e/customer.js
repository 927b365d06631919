// A user (customer) Worker: answers with its own MESSAGE and the names of every binding it can
// see; `/busy` loops forever (to test the dispatcher's CPU limit).
export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname.endsWith("/busy")) {
      for (;;) {}
    }
    return new Response(`${env.MESSAGE} env=${Object.keys(env).sort().join(",")}`);
  },
};
