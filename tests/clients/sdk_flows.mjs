// The TypeScript SDK (npm `cloudflare`, 6.x or 7.x — whichever `cloudflare` resolves to from the
// directory this file is run in) through the flows users script: the beta Workers flow, script
// versions and deployments, scripts list, secrets, subdomains, with auto-pagination.
// Environment: CLOUDFLARE_BASE_URL, CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID. Prints JSON.
import Cloudflare from "cloudflare";

const client = new Cloudflare({ apiToken: process.env.CLOUDFLARE_API_TOKEN });
const account_id = process.env.CLOUDFLARE_ACCOUNT_ID;
const b64 = (s) => Buffer.from(s).toString("base64");
const src = (msg) => `export default { fetch(r, env) { return new Response(${JSON.stringify(msg)} + ":" + (env.TOKEN ?? "none")) } }`;

const out = {};
let notFound = false;
try {
  await client.workers.beta.workers.get("sdk-flows", { account_id });
} catch (e) {
  notFound = e instanceof Cloudflare.NotFoundError;
}
out.notFound = notFound;

const worker = await client.workers.beta.workers.create({ account_id, name: "sdk-flows", subdomain: { enabled: true } });
await client.workers.beta.workers.create({ account_id, name: "sdk-flows-2" });
const versions = [];
for (const msg of ["v1", "v2"]) {
  const v = await client.workers.beta.workers.versions.create(worker.id, {
    account_id,
    main_module: "w.mjs",
    compatibility_date: "2025-08-06",
    modules: [{ name: "w.mjs", content_type: "application/javascript+module", content_base64: b64(src(msg)) }],
  });
  versions.push(v.id);
}
const dep = await client.workers.scripts.deployments.create("sdk-flows", {
  account_id,
  strategy: "percentage",
  versions: [{ percentage: 100, version_id: versions[1] }],
});
out.deploymentId = dep.id;

// Auto-pagination (page=N+1 until an empty page).
out.workers = [];
for await (const w of client.workers.beta.workers.list({ account_id, per_page: 1 })) out.workers.push(w.name);
out.betaVersions = [];
for await (const v of client.workers.beta.workers.versions.list(worker.id, { account_id, per_page: 1 })) out.betaVersions.push(v.id);
out.scriptVersions = [];
for await (const v of client.workers.scripts.versions.list("sdk-flows", { account_id, per_page: 1 })) out.scriptVersions.push(v.id);
// 7.x pages through `items`; 6.x returns the `{deployments}` object.
out.deploymentItems = [];
const deployments = client.workers.scripts.deployments.list("sdk-flows", { account_id });
if (deployments[Symbol.asyncIterator]) {
  for await (const d of deployments) out.deploymentItems.push(d.id);
} else {
  out.deploymentItems = ((await deployments).deployments ?? []).map((d) => d.id);
}

// Scripts list, secrets, subdomains.
const scripts = await client.workers.scripts.list({ account_id });
out.scripts = [];
for await (const s of scripts) out.scripts.push(s.id);
out.scripts.sort();
await client.workers.scripts.secrets.update("sdk-flows", { account_id, name: "TOKEN", text: "t0k3n", type: "secret_text" });
out.secrets = [];
for await (const s of client.workers.scripts.secrets.list("sdk-flows", { account_id })) out.secrets.push(s.name);
out.accountSubdomain = (await client.workers.subdomains.get({ account_id })).subdomain;
out.scriptSubdomain = await client.workers.scripts.subdomain.create("sdk-flows", { account_id, enabled: true });
// 7.x: get(versionId, {account_id, script_name}); 6.x: get(scriptName, versionId, {account_id}).
const getVersion = async (id) => {
  try {
    return await client.workers.scripts.versions.get(id, { account_id, script_name: "sdk-flows" });
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return await client.workers.scripts.versions.get("sdk-flows", id, { account_id });
  }
};
out.version = (await getVersion(versions[0])).id;
console.log(JSON.stringify(out));
