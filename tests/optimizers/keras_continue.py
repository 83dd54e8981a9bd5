#!/usr/bin/env python3
"""Keras 3 continues training from optimizer state that kerasm saved.

Reads a JSON file (argv[1]) of cases {class_name, config, variable_names, weights,
state: [{name, shape, dtype, values}], grads: [[values per variable] per step]}; for each,
builds the Keras optimizer from the config, the variables from `weights`, assigns `state`
to `optimizer.variables` in order (checking names, shapes and dtypes), applies `grads`,
and prints {case: {names, weights, state}} as JSON.
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import warnings  # noqa: E402

warnings.filterwarnings("ignore")
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402


def main(path):
    cases = json.load(open(path))
    out = {}
    for c in cases:
        keras.backend.clear_session()
        config = dict(c["config"])
        # JSON has no int/float distinction, but Keras checks isinstance(x, float) for these two
        # (base_optimizer.py learning_rate, sgd.py momentum): a writer of .keras configs must
        # emit them as 1.0 / 0.0. This script tests state, not that writer, so it coerces.
        for k in ("learning_rate", "momentum"):
            if isinstance(config.get(k), int):
                config[k] = float(config[k])
        opt = keras.optimizers.deserialize({"class_name": c["class_name"], "config": config})
        variables = [
            keras.Variable(np.asarray(w["values"], np.float32).reshape(w["shape"]), name=n)
            for w, n in zip(c["weights"], c["variable_names"])
        ]
        opt.build(variables)
        names = [v.name for v in opt.variables]
        if len(opt.variables) != len(c["state"]):
            raise SystemExit(f"{c['case']}: Keras has {len(opt.variables)} optimizer variables {names}, kerasm saved {len(c['state'])}")
        for v, s in zip(opt.variables, c["state"]):
            if list(v.shape) != s["shape"] or str(v.dtype) != s["dtype"]:
                raise SystemExit(f"{c['case']}: {v.name} is {v.shape} {v.dtype}, kerasm saved {s['name']} {s['shape']} {s['dtype']}")
            v.assign(np.asarray(s["values"], dtype=s["dtype"]).reshape(s["shape"]))
        for step in c["grads"]:
            opt.apply([jnp.asarray(np.asarray(g, np.float32).reshape(v.shape)) for g, v in zip(step, variables)], variables)
        out[c["case"]] = {
            "names": names,
            "weights": [np.asarray(v.numpy(), np.float32).reshape(-1).tolist() for v in variables],
            "iterations": int(np.asarray(opt.iterations)),
            "state": [np.asarray(v.numpy()).reshape(-1).tolist() for v in opt.variables],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
