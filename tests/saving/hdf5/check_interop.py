"""Checks files written by kerasm's writeHdf5 with the real libraries. Prints one JSON object on stdout.

  dump FILE                    h5py reads every object (h5dump_json.py format)
  modify FILE                  h5py opens FILE read-write, adds/deletes objects (B-tree splits, heap growth), then dumps it
  keras WEIGHTS X_JSON         Keras 3 builds Sequential([Input(4), Dense(3, relu), Dropout, Dense(2)]) compiled with Adam,
                               load_weights(WEIGHTS), predicts X; reports predictions and the optimizer state it loaded
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
            "learning_rate": float(np.asarray(opt.learning_rate)),
            "slots": [np.asarray(v).reshape(-1).tolist() for v in opt.variables[2:]]}


def keras_bf16(path):
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, dtype="bfloat16")])
    model.load_weights(path)
    return {"dtype": str(model.layers[0].kernel.dtype),
            "kernel": np.asarray(model.layers[0].kernel).astype("float32").reshape(-1).tolist(),
            "bias": np.asarray(model.layers[0].bias).astype("float32").reshape(-1).tolist()}


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "dump":
        out = dump(sys.argv[2])
    elif cmd == "modify":
        out = modify(sys.argv[2])
    elif cmd == "keras_bf16":
        out = keras_bf16(sys.argv[2])
    elif cmd == "keras":
        out = keras_check(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(f"unknown command {cmd}")
    print(json.dumps(out, sort_keys=True))
