import { WorkerEntrypoint, env as importedEnv } from "cloudflare:workers";

export default class extends WorkerEntrypoint {
  async fetch(request) {
    const same = importedEnv === this.env;
    return new Response(`${this.env.MESSAGE} ctx=${typeof this.ctx.waitUntil} same-env=${same}`);
  }
  async scheduled() {}
}
