// A dispatcher passing the customer's name to the outbound Worker as a parameter.
export default {
  async fetch(request, env) {
    const name = new URL(request.url).pathname.split("/")[1];
    const r = await env.DISPATCHER.get(name, {}, { outbound: { customer: name } }).fetch(request);
    return new Response(await r.text(), { status: r.status });
  },
};
