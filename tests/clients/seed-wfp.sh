#!/usr/bin/env bash
# The seed document's "Workers for Platforms" multipart flow; account, token, base URL and the
# namespace name from the environment (the doc says "replace_me").
set -eo pipefail
account_id="$CLOUDFLARE_ACCOUNT_ID"
api_token="$CLOUDFLARE_API_TOKEN"
dispatch_namespace="$DISPATCH_NAMESPACE"
worker_name="my-hello-world-script"

script_content='export default {
  async fetch(request, env, ctx) {
    return new Response(env.MESSAGE, { status: 200 });
  }
};'

# Create a dispatch namespace
curl $HEARTH_API_BASE/accounts/$account_id/workers/dispatch/namespaces \
  -X POST \
  -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $api_token" \
  -d '{
    "name": "'$dispatch_namespace'"
  }'

# Upload the Worker
curl "$HEARTH_API_BASE/accounts/$account_id/workers/dispatch/namespaces/$dispatch_namespace/scripts/$worker_name" \
  -X PUT \
  -H "Authorization: Bearer $api_token" \
  -F "metadata={
    'main_module': '"$worker_name".mjs',
    'bindings': [
      {
        'type': 'plain_text',
        'name': 'MESSAGE',
        'text': 'Hello World!'
      }
    ],
    'compatibility_date': '$today'
  };type=application/json" \
  -F "$worker_name.mjs=@-;filename=$worker_name.mjs;type=application/javascript+module" <<EOF2
$script_content
EOF2
