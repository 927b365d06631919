#!/usr/bin/env bash
# The seed document's "multipart/form-data upload API / Workers" flow; account, token and base
# URL from the environment. Note its metadata uses single quotes (relaxed JSON), as in the doc.
set -eo pipefail
account_id="$CLOUDFLARE_ACCOUNT_ID"
api_token="$CLOUDFLARE_API_TOKEN"
worker_name="my-hello-world-script"

script_content='export default {
  async fetch(request, env, ctx) {
    return new Response(env.MESSAGE, { status: 200 });
  }
};'

# Upload the Worker
curl "$HEARTH_API_BASE/accounts/$account_id/workers/scripts/$worker_name" \
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
