#!/usr/bin/env bash
# The reference client of issue #7: the builder-style client progenitor 0.15.1 generates for
# the same 64 operations from GitHub's own OpenAPI description ("a popular OpenAPI generator's
# builder-style client … 24,000 lines"). scripts/build-cost.sh times its build beside ours, and
# benches/reference compares its decoding with ours, each in the same run.
#
#   scripts/reference-client.sh    # prints the path of the reference client's Cargo.toml
#
# The first run installs cargo-progenitor (pinned, `--locked`, into target/build-cost/reference/
# tools) and GitHub's description (`npm ci` in tests/, as the conformance tests do), cuts the
# description down to the spec's operations (scripts/reference-description.py), generates the
# client into target/build-cost/reference/client and pins its dependencies with
# scripts/reference-client.lock. Later runs reuse it while the spec's operations stay the same.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${CARGO_TARGET_DIR:-$PWD/target/build-cost}/reference
progenitor=$dir/tools/bin/cargo-progenitor
description=tests/node_modules/@octokit/openapi/generated/api.github.com.json
if [[ ! -x $progenitor ]]; then
  cargo install cargo-progenitor --version 0.15.1 --locked --quiet --root "$dir/tools" >&2
fi
if [[ ! -f $description ]]; then
  (cd tests && npm ci --silent) >&2
fi
# The description is cut again every run: when the spec's operations change, so does the
# reference, and it is generated again.
mkdir -p "$dir"
python3 scripts/reference-description.py spec "$description" "$dir/actions.json.new"
if [[ ! -f $dir/client/Cargo.toml ]] || ! cmp -s "$dir/actions.json.new" "$dir/actions.json"; then
  mv "$dir/actions.json.new" "$dir/actions.json"
  rm -rf "$dir/client"
  "$progenitor" progenitor --input "$dir/actions.json" --output "$dir/client" \
    --name reference-client --version 0.1.0 --interface builder >/dev/null
  # Its own workspace (it sits inside ours), with the dependency versions it was measured with.
  echo '[workspace]' >>"$dir/client/Cargo.toml"
  cp scripts/reference-client.lock "$dir/client/Cargo.lock"
else
  rm "$dir/actions.json.new"
fi
echo "$dir/client/Cargo.toml"
