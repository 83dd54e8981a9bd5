"""Checks files written by kerasm's writeHdf5 with the real libraries. Prints one JSON object on stdout.

  batch JOBS_JSON              runs a JSON list of [command, args...] in one process (Keras/JAX start once); prints the list of results

  dump FILE                    h5py reads every object (h5dump_json.py format)
  modify FILE                  h5py opens FILE read-write, adds/deletes objects (B-tree splits, heap growth), then dumps it
  keras WEIGHTS X_JSON         Keras 3 builds Sequential([Input(4), Dense(3, relu), Dropout, Dense(2)]) compiled with Adam,
                               load_weights(WEIGHTS), predicts X; reports predictions and the optimizer state it loaded
  keras_legacy FILE X_JSON      Keras 3 load_model() of a legacy .h5 (model_config + model_weights); reports weights, predictions
  half FILE                    numpy/ml_dtypes round FILE's float32 'src' to float16 and bfloat16; reports where kerasm's
                               'f16' / 'bf16' datasets (written from 'src') differ, bit for bit
  keras_bf16 WEIGHTS           Keras 3 loads Sequential([Input(4), Dense(3, dtype="bfloat16")]) weights; reports them
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402

from h5dump_json import dump  # noqa: E402


def modify(path):
    import h5py

    with h5py.File(path, "r+") as f:
        g = f["many"]
        for i in range(200):
            g[f"added_{i:03d}"] = np.float32(i) / 4
        del g["item_7"]
        f["data"].attrs["added_by"] = "h5py"
        f.create_group("new_group/inner").attrs["k"] = np.arange(3, dtype="<i2")
        f["new_group/inner/ds"] = np.linspace(0, 1, 5, dtype="<f8")
    return dump(path)


def keras_check(path, x_json):
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"), keras.layers.Dropout(0.1),
                              keras.layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    model.optimizer.build(model.trainable_variables)
    model.load_weights(path)
    x = np.array(json.loads(x_json), dtype="float32")
    y = model.predict(x, verbose=0)
    opt = model.optimizer
    return {"y": np.asarray(y).tolist(), "iterations": int(np.asarray(opt.iterations)),
            "weights": [np.asarray(w).reshape(-1).tolist() for w in model.get_weights()],
            "learning_rate": float(np.asarray(opt.learning_rate)),
            "slots": [np.asarray(v).reshape(-1).tolist() for v in opt.variables[2:]]}


def keras_legacy(path, x_json):
    import keras

    model = keras.saving.load_model(path, compile=False)
    x = np.array(json.loads(x_json), dtype="float32")
    return {"class": type(model).__name__, "layers": [layer.name for layer in model.layers],
            "weights": [np.asarray(w).reshape(-1).tolist() for w in model.get_weights()],
            "y": np.asarray(model.predict(x, verbose=0)).tolist()}


def keras_bf16(path):
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, dtype="bfloat16")])
    model.load_weights(path)
    return {"dtype": str(model.layers[0].kernel.dtype),
            "kernel": np.asarray(model.layers[0].kernel).astype("float32").reshape(-1).tolist(),
            "bias": np.asarray(model.layers[0].bias).astype("float32").reshape(-1).tolist()}


def half(path):
    import h5py
    import ml_dtypes

    with h5py.File(path, "r") as f:
        src = f["src"][()]
        ours16 = f["f16"][()].view("<u2")
        oursbf = f["bf16"][()].view("<u2")
    want16 = src.astype("<f2").view("<u2")
    wantbf = src.astype(ml_dtypes.bfloat16).view("<u2")

    def diffs(ours, want):
        nan = np.isnan(src)
        bad = np.nonzero((ours != want) & ~nan)[0]
        nan_ok = bool(np.all((ours[nan] & 0x7FFF) > (0x7C00 if ours is ours16 else 0x7F80)))
        return {"count": int(bad.size), "first": [[float(src[i]), int(ours[i]), int(want[i])] for i in bad[:5]], "nan_ok": nan_ok}

    return {"n": int(src.size), "f16": diffs(ours16, want16), "bf16": diffs(oursbf, wantbf)}


def run(cmd, *args):
    if cmd == "dump":
        return dump(args[0])
    if cmd == "modify":
        return modify(args[0])
    if cmd == "keras":
        return keras_check(args[0], args[1])
    if cmd == "keras_legacy":
        return keras_legacy(args[0], args[1])
    if cmd == "half":
        return half(args[0])
    if cmd == "keras_bf16":
        return keras_bf16(args[0])
    raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    if sys.argv[1] == "batch":
        out = [run(*job) for job in json.loads(sys.argv[2])]
    else:
        out = run(*sys.argv[1:])
    print(json.dumps(out, sort_keys=True))
