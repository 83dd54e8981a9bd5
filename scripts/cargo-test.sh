#!/usr/bin/env bash
# Host tests of the Rust kernels, with Debian's toolchain (the same compiler as the WASM build).
set -euo pipefail
cd "$(dirname "$0")/.."
PATH=/usr/bin:$PATH cargo test --release --offline -p kerasm-kernels -q 2>&1 | grep -v '^$'
