"""The Python SDK (PyPI `cloudflare`) deploys a Python Worker through the beta API.

Environment: CLOUDFLARE_BASE_URL, CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID.
"""

import base64
import json
import os

from cloudflare import Cloudflare

account_id = os.environ["CLOUDFLARE_ACCOUNT_ID"]
client = Cloudflare(api_token=os.environ["CLOUDFLARE_API_TOKEN"])
source = (
    "from workers import Response, WorkerEntrypoint\n\n"
    "class Default(WorkerEntrypoint):\n"
    "    async def fetch(self, request):\n"
    "        return Response('py sdk python ' + self.env.MESSAGE)\n"
)
worker = client.workers.beta.workers.create(account_id=account_id, name="py-sdk-python", subdomain={"enabled": True})
version = client.workers.beta.workers.versions.create(
    worker.id,
    account_id=account_id,
    main_module="main.py",
    compatibility_date="2025-08-06",
    compatibility_flags=["python_workers"],
    bindings=[{"type": "plain_text", "name": "MESSAGE", "text": "ok"}],
    modules=[{"name": "main.py", "content_type": "text/x-python", "content_base64": base64.b64encode(source.encode()).decode()}],
)
client.workers.scripts.deployments.create(
    "py-sdk-python",
    account_id=account_id,
    strategy="percentage",
    versions=[{"percentage": 100, "version_id": version.id}],
)
print(json.dumps({"version_id": version.id}))
