#!/usr/bin/env bash
# One command: build what the bench needs, then run it (about 12-15 minutes on 2 cores).
#   bench/run.sh               full run; writes bench/results/<date>.{json,md} and bench/RESULTS.md
#   bench/run.sh --quick       a ~2-minute smoke run of every section (does not touch RESULTS.md)
#   bench/run.sh --sections hello,density ...   any run.py flag is passed through
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; apt-get install -y wrk; }
command -v taskset >/dev/null || { echo "taskset (util-linux) is required"; exit 1; }
if [ ! -x "$here/node_modules/@cloudflare/workerd-linux-64/bin/workerd" ]; then
  (cd "$here" && npm install --no-audit --no-fund)
fi
(cd "$root" && cargo build --release --bin hearth)
# aclient is its own project; its binary is expected in bench/aclient/target whatever
# CARGO_TARGET_DIR says for Hearth.
(cd "$here/aclient" && CARGO_TARGET_DIR="$here/aclient/target" cargo build --release)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
exec python3 "$here/run.py" "$@"
