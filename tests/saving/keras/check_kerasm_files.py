"""Checks files written by kerasm with real Keras 3.

Usage: KERAS_BACKEND=jax python tests/saving/keras/check_kerasm_files.py <dir>

For every <name>.expect.json in <dir> (the sidecar kerasm writes; same array encoding as the
fixtures, see kerasm_fixture_io.py):
  - <name>.keras: keras.saving.load_model, predictions on `inputs` vs kerasm's `predictions`; then,
    when the file has a compile config and optimizer state, every Dropout rate set to 0, one
    train_on_batch on `train` and the weights vs kerasm's `next_step.weights`.
  - <name>.weights.h5: the architecture from <name>.arch.json (a model config) or else <name>.keras
    (compile=False), then model.load_weights and the predictions again.
Prints one JSON line per model and exits 1 if anything did not match.
"""
import glob
import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kerasm_fixture_io import as_list, dec, dropout_off  # noqa: E402

import numpy as np  # noqa: E402
import keras  # noqa: E402

RTOL, ATOL = 1e-5, 1e-6
# Weights after one more step: the same relative bound, a looser absolute one for weights whose
# gradient is float32 noise around 0 (a bias before BatchNormalization): the step moves those by
# up to ~lr * (relative gradient error). roundtrip.test.ts uses the same.
STEP_RTOL, STEP_ATOL = 1e-5, 1e-5


def worst(actual, expected, rtol, atol):
    """(ok, max |a-e|, max |a-e| / (atol + rtol |e|))."""
    a = np.asarray(actual, dtype="float32")
    e = np.asarray(expected, dtype="float32")
    if a.shape != e.shape:
        return False, float("inf"), float("inf")
    d = np.abs(a.astype("float64") - e.astype("float64"))
    ratio = d / (atol + rtol * np.abs(e.astype("float64")))
    return bool(np.all(ratio <= 1) and np.all(np.isfinite(a))), float(d.max(initial=0)), float(ratio.max(initial=0))


def inputs_of(expect):
    xs = [dec(a) for a in expect["inputs"]]
    return xs if len(xs) > 1 else xs[0]


def check_predictions(model, expect, what):
    preds = as_list(model.predict(inputs_of(expect), verbose=0))
    want = [dec(p) for p in expect["predictions"]]
    if len(preds) != len(want):
        return {"check": what, "ok": False, "error": f"{len(preds)} outputs, kerasm had {len(want)}"}
    res = [worst(p, w, RTOL, ATOL) for p, w in zip(preds, want)]
    return {"check": what, "ok": all(r[0] for r in res), "max_abs": max(r[1] for r in res), "max_ratio": max(r[2] for r in res)}


def has_optimizer_state(model):
    opt = getattr(model, "optimizer", None)
    return opt is not None and bool(opt.built) and int(opt.iterations.numpy()) > 0


def check_step(model, expect):
    step = expect.get("next_step")
    if not step:
        return None
    if not has_optimizer_state(model):
        return {"check": "train_step", "ok": False, "error": "the file has no compile config or no optimizer state"}
    dropout_off(model)
    xs = [dec(a) for a in expect["train"]["x"]]
    ys = [dec(a) for a in expect["train"]["y"]]
    iterations = int(model.optimizer.iterations.numpy())
    model.train_on_batch(xs if len(xs) > 1 else xs[0], ys if len(ys) > 1 else ys[0])
    by_layer = {layer.name: layer for layer in model.layers}
    ok, max_abs, max_ratio, problems = True, 0.0, 0.0, []
    for w in step["weights"]:
        layer = by_layer.get(w["layer"])
        if layer is None or w["index"] >= len(layer.weights):
            ok = False
            problems.append(f"no weight {w['layer']}[{w['index']}] in the loaded model")
            continue
        good, d, r = worst(layer.weights[w["index"]].numpy(), dec(w["value"]), STEP_RTOL, STEP_ATOL)
        ok &= good
        max_abs, max_ratio = max(max_abs, d), max(max_ratio, r)
        if not good:
            problems.append(f"{w['layer']}/{w.get('name', w['index'])}: max |diff| {d:.3g}")
    out = {"check": "train_step", "ok": ok, "iterations_loaded": iterations, "max_abs": max_abs, "max_ratio": max_ratio}
    if problems:
        out["problems"] = problems[:10]
    return out


def check_one(directory, name):
    with open(os.path.join(directory, name + ".expect.json")) as f:
        expect = json.load(f)
    checks = []
    keras_path = os.path.join(directory, name + ".keras")
    weights_path = os.path.join(directory, name + ".weights.h5")
    arch_path = os.path.join(directory, name + ".arch.json")
    if os.path.exists(keras_path):
        keras.utils.clear_session()
        model = keras.saving.load_model(keras_path)
        checks.append(check_predictions(model, expect, "keras_predict"))
        step = check_step(model, expect)
        if step:
            checks.append(step)
    if os.path.exists(weights_path):
        keras.utils.clear_session()
        if os.path.exists(arch_path):
            with open(arch_path) as f:
                model = keras.models.model_from_json(f.read())
        elif os.path.exists(keras_path):
            model = keras.saving.load_model(keras_path, compile=False)
        else:
            raise ValueError(f"{weights_path}: no {name}.arch.json or {name}.keras to take the architecture from")
        model.load_weights(weights_path)
        checks.append(check_predictions(model, expect, "weights_h5_predict"))
    if not checks:
        checks.append({"check": "files", "ok": False, "error": f"no {name}.keras or {name}.weights.h5 beside the sidecar"})
    return {"name": name, "ok": all(c["ok"] for c in checks), "checks": checks}


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    directory = argv[0]
    sidecars = sorted(glob.glob(os.path.join(directory, "*.expect.json")))
    if not sidecars:
        print(f"check_kerasm_files: no *.expect.json in {directory}", file=sys.stderr)
        return 2
    all_ok = True
    for path in sidecars:
        name = os.path.basename(path)[: -len(".expect.json")]
        try:
            result = check_one(directory, name)
        except Exception as e:  # one bad file must not hide the others' results
            result = {"name": name, "ok": False, "error": f"{type(e).__name__}: {e}", "trace": traceback.format_exc(limit=3)}
        all_ok &= result["ok"]
        print(json.dumps(result), flush=True)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
