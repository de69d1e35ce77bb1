#!/usr/bin/env bash
# Decoding the 100-run page with the reference client's types beside ours, in one run
# (benches/reference): the same-run form of issue #7's "that generator's typed decode is about
# 420 MB/s here". The first run generates the reference client (scripts/reference-client.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# benches/reference finds the client at this path. (Its Cargo.lock pins the versions; without
# `--locked`, a dependency the runtime adds later is added to it rather than refused.)
CARGO_TARGET_DIR=$PWD/target/build-cost scripts/reference-client.sh >/dev/null
CARGO_TARGET_DIR=$PWD/target/build-cost/reference/decode \
  cargo run --quiet --release --manifest-path benches/reference/Cargo.toml
