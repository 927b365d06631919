// A Worker with a default export and a named WorkerEntrypoint, for service bindings.
import { WorkerEntrypoint } from "cloudflare:workers";

export class Admin extends WorkerEntrypoint {
  async fetch(request) {
    return new Response(`admin:${this.env.NAME}:${new URL(request.url).pathname}`);
  }
}

export default {
  fetch() {
    return new Response("default");
  },
};
