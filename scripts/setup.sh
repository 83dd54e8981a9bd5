#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine: installs what is missing (Debian's Rust →
# WASM toolchain, Chromium for browser tests, the Fashion-MNIST and fortunes packages), runs `npm ci`,
# and builds the WASM binaries and the TS bundle when their sources changed. Quick when
# nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(rustc-web cargo-web rust-web-src lld-19 chromium dataset-fashion-mnist fortunes)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# `npm ci`: installs exactly the committed lockfile (which lists every platform's optional
# packages) and never rewrites it, so a fresh clone stays clean.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Rebuild a WASM variant when any Rust source is newer than its binary.
stale=()
for v in simd simd-relaxed threads threads-relaxed; do
  f="bindings/wasm/kerasm-$v.wasm"
  if [ ! -f "$f" ] || [ -n "$(find crates Cargo.toml Cargo.lock scripts/build-wasm.sh -newer "$f" -type f -print -quit)" ]; then
    stale+=("$v")
  fi
done
if [ ${#stale[@]} -gt 0 ]; then
  bash scripts/build-wasm.sh "${stale[@]}" 2>&1 | grep -v -e 'unstable feature specified' -e 'not stably supported' -e '^ *|$' -e '^ *= note' || true
  for v in "${stale[@]}"; do [ -f "bindings/wasm/kerasm-$v.wasm" ] || { echo "setup: WASM build of $v failed" >&2; exit 1; }; done
fi

if [ ! -f dist/index.js ] || [ -n "$(find ts bindings tsup.config.ts package.json -newer dist/index.js -type f -print -quit)" ]; then
  echo "setup: building the TypeScript bundle"
  npx tsup --silent
fi
