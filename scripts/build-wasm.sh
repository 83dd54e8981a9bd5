#!/usr/bin/env bash
# Builds the four WebAssembly variants of crates/kerasm-wasm into bindings/wasm/:
#   kerasm-simd.wasm            simd128, one thread, unshared memory
#   kerasm-simd-relaxed.wasm    + relaxed-simd (FMA)
#   kerasm-threads.wasm         + atomics, shared memory, worker pool
#   kerasm-threads-relaxed.wasm
# Uses Debian's rustc-web with -Z build-std, fully offline (shared docs/wasm-recipe.md).
# Usage: build-wasm.sh [variant ...]   (default: all four)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1
out=bindings/wasm
mkdir -p "$out"
# Several people may build in one tree: one build at a time, and each binary replaced atomically
# so a test that loads it meanwhile never sees half a file.
exec 9>"${TMPDIR:-/tmp}/kerasm-build-wasm.lock"
flock 9

base="-C linker=/usr/lib/llvm-19/bin/wasm-ld -C link-arg=--import-memory -C link-arg=--max-memory=4294967296"
threads="-C link-arg=--shared-memory -C link-arg=--export=__stack_pointer -C link-arg=--export=__heap_base \
 -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size -C link-arg=--export=__tls_align \
 -C link-arg=--export=__tls_base"

variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(simd simd-relaxed threads threads-relaxed)
for v in "${variants[@]}"; do
  features="+simd128,+bulk-memory,+mutable-globals,+nontrapping-fptoint,+sign-ext"
  extra=""
  case "$v" in
    simd) ;;
    simd-relaxed) features+=",+relaxed-simd" ;;
    threads) features+=",+atomics"; extra="$threads" ;;
    threads-relaxed) features+=",+atomics,+relaxed-simd"; extra="$threads" ;;
    *) echo "build-wasm: unknown variant '$v' (expected simd, simd-relaxed, threads, threads-relaxed)" >&2; exit 2 ;;
  esac
  echo "build-wasm: $v"
  RUSTFLAGS="$base -C target-feature=$features $extra" \
    cargo build --release --offline -q -p kerasm-wasm --lib \
      --target wasm32-unknown-unknown --target-dir "target/wasm-$v" \
      -Z build-std=core,alloc,panic_abort
  cp "target/wasm-$v/wasm32-unknown-unknown/release/kerasm_wasm.wasm" "$out/.kerasm-$v.wasm.tmp"
  mv -f "$out/.kerasm-$v.wasm.tmp" "$out/kerasm-$v.wasm"
done
ls -l "$out"/*.wasm
