// A WorkerEntrypoint class as the default export.
import { WorkerEntrypoint } from "cloudflare:workers";

export default class extends WorkerEntrypoint {
  async fetch(request) {
    return new Response(`entrypoint:${this.env.MESSAGE}:${new URL(request.url).pathname}`);
  }
}
