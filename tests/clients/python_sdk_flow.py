"""The official Python SDK (PyPI `cloudflare` 5.x) against Hearth: the beta Workers flow
(create Worker, version, deployment) and auto-paginated lists. Prints one JSON line of ids.

Environment: CLOUDFLARE_BASE_URL, CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID.
"""

import base64
import json
import os

from cloudflare import Cloudflare, NotFoundError

account_id = os.environ["CLOUDFLARE_ACCOUNT_ID"]
client = Cloudflare(api_token=os.environ["CLOUDFLARE_API_TOKEN"])

script = """
export default {
  async fetch(request, env, ctx) {
    return new Response(env.MESSAGE, { status: 200 });
  },
}
""".strip()

try:
    client.workers.beta.workers.get("py-sdk-worker", account_id=account_id)
    raise SystemExit("the Worker should not exist yet")
except NotFoundError:
    pass

worker = client.workers.beta.workers.create(
    account_id=account_id,
    name="py-sdk-worker",
    subdomain={"enabled": True},
    observability={"enabled": True},
)
version = client.workers.beta.workers.versions.create(
    worker.id,
    account_id=account_id,
    main_module="py-sdk-worker.mjs",
    compatibility_date="2025-08-06",
    bindings=[{"type": "plain_text", "name": "MESSAGE", "text": "Hello from Python SDK"}],
    modules=[
        {
            "name": "py-sdk-worker.mjs",
            "content_type": "application/javascript+module",
            "content_base64": base64.b64encode(script.encode()).decode(),
        }
    ],
)
deployment = client.workers.scripts.deployments.create(
    "py-sdk-worker",
    account_id=account_id,
    strategy="percentage",
    versions=[{"percentage": 100, "version_id": version.id}],
)

# A second Worker and a second version, so auto-pagination has pages to walk.
client.workers.beta.workers.create(account_id=account_id, name="py-sdk-second")
second = client.workers.beta.workers.versions.create(
    worker.id,
    account_id=account_id,
    main_module="py-sdk-worker.mjs",
    compatibility_date="2025-08-06",
    bindings=[{"type": "plain_text", "name": "MESSAGE", "text": "Hello from Python SDK"}],
    modules=[
        {
            "name": "py-sdk-worker.mjs",
            "content_type": "application/javascript+module",
            "content_base64": base64.b64encode(script.encode()).decode(),
        }
    ],
)
workers = [w.name for w in client.workers.beta.workers.list(account_id=account_id, per_page=1)]
versions = [v.id for v in client.workers.beta.workers.versions.list(worker.id, account_id=account_id, per_page=1)]
scripts = [s.id for s in client.workers.scripts.list(account_id=account_id)]
script_versions = [v.id for v in client.workers.scripts.versions.list("py-sdk-worker", account_id=account_id, per_page=1)]
deployment_items = [d.id for d in client.workers.scripts.deployments.list("py-sdk-worker", account_id=account_id)]
# Secrets change the deployed version, so deploy the newest one first (as Cloudflare requires).
client.workers.scripts.deployments.create(
    "py-sdk-worker", account_id=account_id, strategy="percentage", versions=[{"percentage": 100, "version_id": second.id}]
)
client.workers.scripts.secrets.update("py-sdk-worker", account_id=account_id, name="API_KEY", text="py-secret", type="secret_text")
secrets = [s.name for s in client.workers.scripts.secrets.list("py-sdk-worker", account_id=account_id)]
account_subdomain = client.workers.subdomains.get(account_id=account_id).subdomain
script_subdomain = client.workers.scripts.subdomain.create("py-sdk-worker", account_id=account_id, enabled=True)

print(json.dumps({
    "worker_id": worker.id,
    "version_id": version.id,
    "deployment_id": deployment.id,
    "workers": workers,
    "versions": versions,
    "scripts": sorted(scripts),
    "script_versions": script_versions,
    "deployment_items": deployment_items,
    "secrets": secrets,
    "account_subdomain": account_subdomain,
    "script_subdomain_enabled": script_subdomain.enabled,
}))
