#!/usr/bin/env bash
# Build cost of the generated crate alone (`github-actions-client`), once its dependencies are
# built: `cargo build` (debug and release) and `cargo check`, each timed after touching
# `generated/src/lib.rs` with CARGO_INCREMENTAL=0, so that only this crate is compiled, from
# scratch. Prints the median of RUNS runs (default 3) and the lines of generated code.
#
# Beside it, in the same run and timed the same way: the reference client (issue 7), the
# builder-style client progenitor generates for the same operations as the spec's
# (scripts/reference-client.sh; its first run installs and generates it). The machine's speed
# varies from hour to hour; the ratio to the reference shows whether a figure moved because of
# the code or because of the machine. REFERENCE=0 skips it.
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
REFERENCE="${REFERENCE:-1}"
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
  cargo "$@" --quiet
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

# The median of RUNS timings of `time_one FILE "$@"`, after one untimed build (dependencies).
median_of() {
  local file=$1
  shift
  cargo "$@" --quiet
  local times=()
  for _ in $(seq "$RUNS"); do
    times+=("$(time_one "$file" "$@")")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

lib=generated/src/lib.rs
debug=$(median_of "$lib" build "${package[@]}")
release=$(median_of "$lib" build --release "${package[@]}")
check=$(median_of "$lib" check "${package[@]}")
# The example program (`examples/latest_runs.rs`: streams workflow runs, downloads logs),
# built against the finished library: what a program pays for the operations it calls, whose
# `send()`/`stream()` are `#[inline]` and so compiled there. Only with every area.
example=""
if [[ -z "${FEATURES:-}" ]]; then
  example=$(median_of examples/latest_runs.rs build --example latest_runs "${package[@]}")
fi

if [[ $REFERENCE == 1 ]]; then
  manifest=$(scripts/reference-client.sh)
  reference_lib=$(dirname "$manifest")/src/lib.rs
  reference=(--manifest-path "$manifest" --locked)
  # Its own target directory: its dependencies' versions are not ours.
  ref_debug=$(CARGO_TARGET_DIR=$CARGO_TARGET_DIR/reference/target median_of "$reference_lib" build "${reference[@]}")
  ref_release=$(CARGO_TARGET_DIR=$CARGO_TARGET_DIR/reference/target median_of "$reference_lib" build --release "${reference[@]}")
  ref_check=$(CARGO_TARGET_DIR=$CARGO_TARGET_DIR/reference/target median_of "$reference_lib" check "${reference[@]}")
  ref_lines=$(wc -l <"$reference_lib")
fi

generated_lines=$(cat generated/src/models/*.rs generated/src/operations/*.rs | wc -l)
runtime_lines=$(cat xtask/templates/lib.rs runtime/src/*.rs | wc -l)

# One row: what, our seconds, the reference's seconds for the same step (with the reference),
# our time as a share of it, and the bound on that share: debug and check ≤ 1.0× (issue 21;
# issue 13 had 0.6×, which shaped the runtime's code for compile time rather than plainness).
row() {
  local what=$1 ours=$2 bound=$3 reference=${4:-}
  if [[ -n $reference ]]; then
    printf '| %s | %.2f s | %.2f s | %.2f× | %s |\n' "$what" \
      "$ours" "$reference" "$(echo "$ours / $reference" | bc -l)" "$bound"
  else
    printf '| %s | %.2f s |\n' "$what" "$ours"
  fi
}

if [[ $REFERENCE == 1 ]]; then
  echo "| github-actions-client${FEATURES:+ (features: $FEATURES)} | median of $RUNS | reference client (same run) | ours / reference | bound |"
  echo "| --- | --- | --- | --- | --- |"
else
  echo "| github-actions-client${FEATURES:+ (features: $FEATURES)} | median of $RUNS |"
  echo "| --- | --- |"
fi
row "cargo build (debug)" "$debug" "≤ 1.0×" "${ref_debug:-}"
row "cargo build --release" "$release" "" "${ref_release:-}"
row "cargo check" "$check" "≤ 1.0×" "${ref_check:-}"
if [[ -n "$example" ]]; then
  printf '| a program using two operations (examples/latest_runs.rs, debug) | %.2f s | |\n' "$example"
fi
reference_lines=""
if [[ -n ${ref_lines:-} ]]; then
  reference_lines=" $ref_lines (its lib.rs) |"
fi
echo "| generated lines (models + operations) | $generated_lines | |$reference_lines"
echo "| hand-written runtime lines (lib.rs + runtime/) | $runtime_lines | |"
