#!/usr/bin/env bash
# Installs what a contributor needs for the full `bash .ci/run` (README: "Contributing"), on
# Debian or Ubuntu (apt, as root or with sudo) and macOS (Homebrew); what is there already is
# left alone.
#
# usage: scripts/setup-dev.sh [--check] [--semver-checks]
#   --check          install nothing: list what is there and what is missing (exit 1 if any)
#   --semver-checks  also cargo-semver-checks (what the pull-request API review runs)
set -uo pipefail

check_only=false
semver=false
for arg in "$@"; do
  case "$arg" in
    --check) check_only=true ;;
    --semver-checks) semver=true ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

missing=()
have() { command -v "$1" >/dev/null 2>&1; }
ok() { printf '  ok       %s\n' "$1"; }
lack() { printf '  missing  %s\n' "$1"; missing+=("$1"); }

node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

survey() {
  missing=()
  echo "What .ci/run needs:"
  have git && ok "git" || lack "git"
  have cc && ok "a C compiler (cc, for ring)" || lack "cc"
  have rustup && ok "rustup" || lack "rustup"
  if have rustup; then
    rustup run stable cargo --version >/dev/null 2>&1 && ok "Rust stable" || lack "rust-stable"
    rustup component list --toolchain stable --installed 2>/dev/null | grep -q '^rustfmt' \
      && ok "rustfmt (stable)" || lack "rustfmt"
    rustup component list --toolchain stable --installed 2>/dev/null | grep -q '^clippy' \
      && ok "clippy (stable)" || lack "clippy"
    rustup run nightly cargo --version >/dev/null 2>&1 && ok "Rust nightly (fuzzing)" || lack "rust-nightly"
    cargo +nightly fuzz --version >/dev/null 2>&1 && ok "cargo-fuzz" || lack "cargo-fuzz"
    if $semver; then
      cargo semver-checks --version >/dev/null 2>&1 && ok "cargo-semver-checks" || lack "cargo-semver-checks"
    fi
  fi
  if have node && [ "$(node_major)" -ge 20 ] 2>/dev/null; then ok "Node.js $(node --version) (20 or newer)"; else lack "node20"; fi
  have npm && ok "npm" || lack "npm"
  have python3 && ok "Python 3" || lack "python3"
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 && ok "Python venv (the PyNaCl test)" || lack "python3-venv"
  python3 -c 'import yaml' >/dev/null 2>&1 && ok "PyYAML (scripts/format-spec.py)" || lack "pyyaml"
}

survey
if [ ${#missing[@]} -eq 0 ]; then
  echo "Everything .ci/run needs is installed."
  exit 0
fi
if $check_only; then
  echo "Missing: ${missing[*]} (scripts/setup-dev.sh installs them)"
  exit 1
fi

wants() { printf '%s\n' "${missing[@]}" | grep -qx "$1"; }

if [ "$(uname -s)" = Darwin ]; then
  have brew || { echo "Install Homebrew first (https://brew.sh), then run this again." >&2; exit 1; }
  packages=()
  wants git && packages+=(git)
  wants rustup && packages+=(rustup)
  { wants node20 || wants npm; } && packages+=(node)
  { wants python3 || wants python3-venv; } && packages+=(python)
  wants pyyaml && packages+=(pyyaml)
  [ ${#packages[@]} -gt 0 ] && brew install "${packages[@]}"
  wants cc && xcode-select --install
  if wants rustup; then
    rustup-init -y --no-modify-path --default-toolchain stable
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
elif have apt-get; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update
  packages=()
  wants git && packages+=(git)
  wants cc && packages+=(build-essential)
  { wants python3 || wants python3-venv; } && packages+=(python3 python3-venv python3-pip)
  wants pyyaml && packages+=(python3-yaml)
  if wants node20 || wants npm; then
    # Debian's own Node.js is 20 or newer from Debian 13 (trixie) and Ubuntu 24.04 on.
    candidate=$(apt-cache policy nodejs | sed -nE 's/^ *Candidate: ([0-9]+).*/\1/p')
    if [ -n "$candidate" ] && [ "$candidate" -ge 20 ]; then
      packages+=(nodejs npm)
    else
      echo "apt's Node.js is ${candidate:-absent} (older than 20): install Node.js 20+ another way" >&2
      echo "(NodeSource's apt repository, or nvm), then run this again." >&2
    fi
  fi
  [ ${#packages[@]} -gt 0 ] && $sudo apt-get install -y "${packages[@]}"
  if wants rustup; then
    have curl || $sudo apt-get install -y curl
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --default-toolchain stable
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
else
  echo "Neither apt-get nor Homebrew: install by hand: ${missing[*]}" >&2
  exit 1
fi

# Rust toolchains and cargo tools (rustup is there by now).
if have rustup; then
  rustup toolchain install stable --profile minimal --component rustfmt,clippy
  rustup toolchain install nightly --profile minimal
  cargo +nightly fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
  if $semver; then
    cargo semver-checks --version >/dev/null 2>&1 || cargo install cargo-semver-checks --locked
  fi
fi

survey
if [ ${#missing[@]} -ne 0 ]; then
  echo "Still missing: ${missing[*]}" >&2
  exit 1
fi
echo "Everything .ci/run needs is installed. Then: cd tests && npm ci (or let the tests run it)."
