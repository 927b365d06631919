#!/usr/bin/env bash
# The seed document's "Cloudflare REST API / Python" flow; same three changes as seed-beta-esm.sh.
set -euo pipefail
account_id="$CLOUDFLARE_ACCOUNT_ID"
api_token="$CLOUDFLARE_API_TOKEN"
worker_name="my-hello-world-worker"

worker_script_base64=$(echo '
from workers import Response


def on_fetch(request, env):
    return Response(env.MESSAGE)
' | base64 -w0)

# Create the Worker
worker_id=$(curl "$HEARTH_API_BASE/accounts/$account_id/workers/workers" \
  -X POST \
  -H "Authorization: Bearer $api_token" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "'$worker_name'"
  }' \
  | jq -r '.result.id')

echo "\nWorker ID: $worker_id\n"

# Upload the Worker's first version
version_id=$(curl "$HEARTH_API_BASE/accounts/$account_id/workers/workers/$worker_id/versions" \
  -X POST \
  -H "Authorization: Bearer $api_token" \
  -H "Content-Type: application/json" \
  -d '{
    "compatibility_date": "2025-08-06",
    "compatibility_flags": [
      "python_workers"
    ],
    "main_module": "'$worker_name'.py",
    "modules": [
      {
        "name": "'$worker_name'.py",
        "content_type": "text/x-python",
        "content_base64": "'$worker_script_base64'"
      }
    ],
    "bindings": [
      {
        "type": "plain_text",
        "name": "MESSAGE",
        "text": "Hello World!"
      }
    ]
  }' \
  | jq -r '.result.id')

echo "\nVersion ID: $version_id\n"

# Create a deployment for the Worker
deployment_id=$(curl "$HEARTH_API_BASE/accounts/$account_id/workers/scripts/$worker_name/deployments" \
  -X POST \
  -H "Authorization: Bearer $api_token" \
  -H "Content-Type: application/json" \
  -d '{
    "strategy": "percentage",
    "versions": [
      {
        "percentage": 100,
        "version_id": "'$version_id'"
      }
    ]
  }' \
  | jq -r '.result.id')

echo "\nDeployment ID: $deployment_id\n"
