#!/usr/bin/env bash
# The whole scale-out round trip: kerasm trains and saves → Keras 3 trains further on 2 JAX
# devices (DataParallel) and saves → kerasm loads and serves. Extra arguments go to all steps
# that take them, e.g. `bash examples/scale_out/run.sh --train 2000`.
# Needs the built bundle (npm run build) and Python with the pinned Keras (bash .ci/run --venv-only).
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${KERASM_PYTHON:-$HOME/.cache/kerasm/venv/bin/python}
out=examples/scale_out/out
train=6000 epochs=1 test=10000
while [ $# -gt 0 ]; do
  case $1 in
    --train) train=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --test) test=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
node examples/scale_out/train.mjs --out "$out" --train "$train" --epochs "$epochs" --test "$test"
"$python" examples/scale_out/train_keras.py "$out/kerasm.keras" "$out/keras.keras" --devices 2 --offset "$train" --train "$train" --epochs 2 --test "$test"
node examples/scale_out/serve.mjs --out "$out" --test "$test"
