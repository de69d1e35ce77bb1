#!/usr/bin/env bash
# Runs each fuzz target (fuzz/fuzz_targets/) for SECONDS seconds (default 60), one after the
# other, after seeding its corpus (fuzz/corpus/<target>/) from spec/ and a few hand-written
# inputs. Needs nightly and cargo-fuzz (`cargo install cargo-fuzz --locked`). Fails on the
# first target that finds a crash; the input is then in fuzz/artifacts/<target>/, and
# `cargo +nightly fuzz run <target> <that file>` reproduces it.
#
#   scripts/fuzz.sh            # 60 s per target
#   scripts/fuzz.sh 300        # 5 minutes per target
#   scripts/fuzz.sh 30 codegen # one target
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(spec_check codegen decode_models link_header path_segment wait_arithmetic)
fi

# Nightly builds of the fuzz crate stay apart from the workspace's stable ones.
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/fuzz/target}"

seed() {
  local dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  case "$1" in
    spec_check | codegen)
      # Every spec file, real and fixture: the corpus starts from valid specs.
      for file in spec/*.yaml tests/fixtures/full/*.yaml; do
        cp "$file" "$dir/seed-$(echo "$file" | tr '/' '-')"
      done
      # What fuzzing found once (each crashed the generator): cycles through aliases and
      # one_of, names that are no Rust identifier.
      head='area: fuzz\ntitle: Fuzz\ndocs_url: https://example.com\nschemas:\n'
      printf "${head}"'  a:\n    ref: b\n  b:\n    ref: a\n  c:\n    ref: c\n' >"$dir/seed-alias-cycle"
      printf "${head}"'  e:\n    one_of:\n      again:\n        ref: e\n      id:\n        type: integer\n' >"$dir/seed-one-of-cycle"
      printf "${head}"'  \xc2\xb2:\n    type: object\n    properties:\n      $:\n        type: string\n      "":\n        type: string\n        enum: ["-", "", "\xd9\xa3"]\n' >"$dir/seed-odd-names"
      ;;
    decode_models)
      # The first byte picks the model (0 run, 1 job, 2 artifact, 3 runner).
      printf '\x00{"id":1,"name":"CI","status":"queued","created_at":"2020-01-22T19:33:08Z"}' >"$dir/seed-run"
      printf '\x01{"id":1,"run_id":2,"status":"completed","conclusion":"success","steps":[]}' >"$dir/seed-job"
      printf '\x02{"id":11,"name":"Rails","size_in_bytes":556,"expired":false}' >"$dir/seed-artifact"
      printf '\x03{"id":5,"name":"r","os":"linux","status":"online","busy":false,"labels":[{"id":1,"name":"self-hosted","type":"read-only"}]}' >"$dir/seed-runner"
      ;;
    link_header)
      printf '<https://api.github.com/repositories/1/actions/runs?page=2>; rel="next", <https://api.github.com/repositories/1/actions/runs?page=9>; rel="last"' >"$dir/seed-github"
      printf '<https://api.github.com/x?page=2>; REL = "next prev"' >"$dir/seed-spaced"
      printf '</x?page=2>; rel=next' >"$dir/seed-relative"
      ;;
    wait_arithmetic)
      # 48 bytes of numbers, six little-endian u64s (see the target): poll interval 2 s, max
      # interval 60 s, backoff 0 (read as 1), timeout 1800 s, waited 2 s, status 429 at the
      # epoch; then retry-after, x-ratelimit-reset, -remaining, -limit and date, one a line.
      # The first is what once panicked.
      zeros='\x00\x00\x00\x00\x00\x00\x00\x00'
      numbers="\x04${zeros:4}\x78${zeros:4}${zeros}\x10\x0e${zeros:8}\x04${zeros:4}\x00\x00\x00\x00\x00\x00\x00\x00"
      printf "${numbers}"'18446744073709551615\n\n\n\nSun, 06 Dec 2026 12:00:00 GMT' >"$dir/seed-huge-retry-after"
      printf "${numbers}"'\n1700003600\n0\n5000\n' >"$dir/seed-reset"
      ;;
    path_segment)
      printf 'octo-org' >"$dir/seed-owner"
      printf 'feature/x y%%2F..' >"$dir/seed-branch"
      printf '..' >"$dir/seed-dots"
      ;;
  esac
}

cargo +nightly fuzz build >/dev/null
for target in "${targets[@]}"; do
  seed "$target"
  echo "fuzz: $target for ${seconds}s"
  # -timeout: an input that takes 10 s is a hang, reported like a crash. libFuzzer's
  # progress lines go to a log; its final figures and any crash are shown.
  log="$CARGO_TARGET_DIR/fuzz-$target.log"
  status=0
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^(#[0-9]+ *DONE|Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|==[0-9]+==ERROR|thread .* panicked|Test unit written|Crash|Failing input)' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 30 "$log" >&2
    echo "fuzz: $target failed (status $status); the input is in fuzz/artifacts/$target/, the log in $log" >&2
    exit 1
  fi
  echo "fuzz: $target corpus $(ls "fuzz/corpus/$target" | wc -l) inputs"
done
