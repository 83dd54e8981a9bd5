"""Reads kerasm's serialized layers / initializers / regularizers / constraints (JSON on
a JSON file named on the command line: {"layers": [...], "objects": [...]}) and rebuilds each with real Keras 3
(`keras.saving.deserialize_keras_object`). Prints, as JSON, for every entry either the
config Keras writes back or the error it raised.
"""

import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
warnings.filterwarnings("ignore")

import keras  # noqa: E402


def plain(v):
    return json.loads(json.dumps(v))


def main():
    with open(sys.argv[1]) as f:
        doc = json.load(f)
    out = {"layers": [], "objects": []}
    for entry in doc["layers"]:
        try:
            layer = keras.saving.deserialize_keras_object(entry)
            # The exported name (GroupedQueryAttention is exported, and serialized, as GroupQueryAttention).
            name = {"GroupedQueryAttention": "GroupQueryAttention"}.get(type(layer).__name__, type(layer).__name__)
            out["layers"].append({"config": plain(layer.get_config()), "class_name": name})
        except Exception as e:  # noqa: BLE001
            out["layers"].append({"error": f"{type(e).__name__}: {e}"})
    for entry in doc["objects"]:
        try:
            obj = keras.saving.deserialize_keras_object(entry)
            out["objects"].append({"serialized": plain(keras.saving.serialize_keras_object(obj))})
        except Exception as e:  # noqa: BLE001
            out["objects"].append({"error": f"{type(e).__name__}: {e}"})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
