// The TypeScript SDK (npm `cloudflare`) deploys a Python Worker through the beta API.
// Environment: CLOUDFLARE_BASE_URL, CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID.
import Cloudflare from "cloudflare";

const client = new Cloudflare({ apiToken: process.env.CLOUDFLARE_API_TOKEN });
const account_id = process.env.CLOUDFLARE_ACCOUNT_ID;
const source = "from workers import Response\n\ndef on_fetch(request, env):\n    return Response('js sdk python ' + env.MESSAGE)\n";

const worker = await client.workers.beta.workers.create({ account_id, name: "js-sdk-python", subdomain: { enabled: true } });
const version = await client.workers.beta.workers.versions.create(worker.id, {
  account_id,
  main_module: "main.py",
  compatibility_date: "2025-08-06",
  compatibility_flags: ["python_workers"],
  bindings: [{ type: "plain_text", name: "MESSAGE", text: "ok" }],
  modules: [{ name: "main.py", content_type: "text/x-python", content_base64: Buffer.from(source).toString("base64") }],
});
await client.workers.scripts.deployments.create("js-sdk-python", {
  account_id,
  strategy: "percentage",
  versions: [{ percentage: 100, version_id: version.id }],
});
console.log(JSON.stringify({ version_id: version.id }));
