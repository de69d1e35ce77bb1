#!/usr/bin/env bash
# Build cost of the generated crate alone (`github-actions-client`), once its dependencies are
# built: `cargo build` (debug and release) and `cargo check`, each timed after touching
# `generated/src/lib.rs` with CARGO_INCREMENTAL=0, so that only this crate is compiled, from
# scratch. Prints the median of RUNS runs (default 3) and the lines of generated code.
#
#   scripts/build-cost.sh                      # every area (the default features)
#   FEATURES=artifacts scripts/build-cost.sh   # one area: --no-default-features --features …
#
# It uses its own target directory (target/build-cost) so that other builds in the workspace
# neither wait for it nor disturb it; the first run builds the dependencies there once.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_INCREMENTAL=0
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/build-cost}"
RUNS="${RUNS:-3}"
package=(-p github-actions-client)
if [[ -n "${FEATURES:-}" ]]; then
  package+=(--no-default-features --features "$FEATURES")
fi

# Seconds taken by one `cargo "$@"` after touching FILE (the first argument), so that only
# what FILE belongs to is compiled again.
time_one() {
  local file=$1 start end
  shift
  touch "$file"
  start=$(date +%s.%N)
  cargo "$@" "${package[@]}" --quiet
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

# The median of RUNS timings of `time_one FILE "$@"`, after one untimed build (dependencies).
median_of() {
  local file=$1
  shift
  cargo "$@" "${package[@]}" --quiet
  local times=()
  for _ in $(seq "$RUNS"); do
    times+=("$(time_one "$file" "$@")")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

lib=generated/src/lib.rs
debug=$(median_of "$lib" build)
release=$(median_of "$lib" build --release)
check=$(median_of "$lib" check)
# The example program (`examples/latest_runs.rs`: streams workflow runs, downloads logs),
# built against the finished library: what a program pays for the operations it calls, whose
# `send()`/`stream()` are `#[inline]` and so compiled there. Only with every area.
example=""
if [[ -z "${FEATURES:-}" ]]; then
  example=$(median_of generated/examples/latest_runs.rs build --example latest_runs)
fi

generated_lines=$(cat generated/src/models/*.rs generated/src/operations/*.rs | wc -l)
runtime_lines=$(cat generated/src/lib.rs generated/src/runtime/*.rs | wc -l)

echo "| github-actions-client${FEATURES:+ (features: $FEATURES)} | median of $RUNS | target |"
echo "| --- | --- | --- |"
printf '| cargo build (debug) | %.2f s | ≤ 2 s |\n' "$debug"
printf '| cargo build --release | %.2f s | ≤ 6 s |\n' "$release"
printf '| cargo check | %.2f s | ≤ 1.5 s |\n' "$check"
if [[ -n "$example" ]]; then
  printf '| a program using two operations (examples/latest_runs.rs, debug) | %.2f s | |\n' "$example"
fi
echo "| generated lines (models + operations) | $generated_lines | |"
echo "| hand-written runtime lines (lib.rs + runtime/) | $runtime_lines | |"
