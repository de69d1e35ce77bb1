#!/usr/bin/env bash
# The first build a user pays: `cargo build` (debug, as a first `cargo run` does) of a new
# program that depends on this crate, from an empty target directory, beside the same build of
# the same program written with octocrab (benches/first-build/). Sources are fetched first
# (`cargo fetch`), so the time is compiling only; each program's dependency count is
# `cargo tree -e normal` (distinct packages, the program itself excluded).
#
#   scripts/first-build.sh           # both programs, one build each
#   RUNS=3 scripts/first-build.sh    # the median of RUNS builds each (alternating)
#
# Target directories: target/first-build/<program>, emptied before every build.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-1}"
programs=(github-actions-client octocrab)
root="$PWD"

# Seconds taken by `cargo build` of program $1 from an empty target directory.
build_once() {
  local dir="$root/benches/first-build/$1" target="$root/target/first-build/$1" start end
  rm -rf "$target"
  start=$(date +%s.%N)
  CARGO_TARGET_DIR="$target" cargo build --quiet --offline --manifest-path "$dir/Cargo.toml"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

declare -A times deps
for program in "${programs[@]}"; do
  manifest="benches/first-build/$program/Cargo.toml"
  cargo fetch --quiet --locked --manifest-path "$manifest"
  deps[$program]=$(cargo tree --quiet --offline -e normal --prefix none --manifest-path "$manifest" \
    | sed 's/ (\*)$//' | sort -u | grep -vc '^first-build-')
  times[$program]=""
done
for _ in $(seq "$RUNS"); do
  for program in "${programs[@]}"; do
    times[$program]+=" $(build_once "$program")"
  done
done

echo "first build (cargo build, debug, empty target directory; median of $RUNS), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg):"
ours=$(median ${times[github-actions-client]})
for program in "${programs[@]}"; do
  t=$(median ${times[$program]})
  printf '  %-22s %7.1f s  (%.2fx ours)  %3d dependencies  runs:%s\n' \
    "$program" "$t" "$(echo "$t / $ours" | bc -l)" "${deps[$program]}" "${times[$program]}"
done
