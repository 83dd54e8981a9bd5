"""Reads model configs written by kerasm with real Keras 3 (keras.saving.deserialize_keras_object).

Usage: KERAS_BACKEND=jax python check_configs.py <dir>   (every <dir>/*.json)
Prints one JSON object: for each file, the layers Keras built (name, class, first-call output
shape, parameter count) and Keras's own serialization of the model it built.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402


def out_shape(layer):
    nodes = getattr(layer, "_inbound_nodes", [])
    for node in nodes:
        if node.output_tensors and node.input_tensors:
            return list(node.output_tensors[0].shape)
    return None


def describe(model):
    return [
        [l.name, type(l).__name__, out_shape(l), int(l.count_params()) if l.built else None]
        for l in model.layers
        if not isinstance(l, keras.layers.InputLayer)
    ]


def main(d):
    result = {}
    for f in sorted(os.listdir(d)):
        if not f.endswith(".json"):
            continue
        with open(os.path.join(d, f)) as fh:
            cfg = json.load(fh)
        keras.utils.clear_session()
        model = keras.saving.deserialize_keras_object(cfg)
        result[f[:-5]] = {
            "layers": describe(model),
            "params": int(model.count_params()) if model.built else None,
            "config": json.loads(json.dumps(keras.saving.serialize_keras_object(model), default=list)),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
