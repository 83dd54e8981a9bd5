# Keras 3 whole-model configs (what `model.get_config()` / `.keras` config.json hold) for the
# models the tfjs topology converter is tested on. Run:
#   KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python tests/saving/tfjs/generate_keras_configs.py
import json, os
import keras
from keras import layers

def mlp():
    return keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu", kernel_regularizer=keras.regularizers.L2(0.01)),
                             layers.Dense(3, activation="softmax")], name="mlp")

def cnn():
    return keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(4, 3, activation="relu"), layers.BatchNormalization(),
                             layers.MaxPooling2D(), layers.Dropout(0.25), layers.Flatten(), layers.Dense(10, activation="softmax")], name="cnn")

def two_in_two_out():
    a, b = keras.Input((5,), name="a"), keras.Input((5,), name="b")
    shared = layers.Dense(6, activation="tanh", name="shared")
    ha, hb = shared(a), shared(b)
    cat = layers.Concatenate(name="cat")([ha, hb])
    o1 = layers.Dense(1, name="o1")(cat)
    o2 = layers.Dense(2, activation="softmax", name="o2")(layers.Add(name="plus")([ha, hb]))
    return keras.Model([a, b], [o1, o2], name="two_two")

out = {}
for f in (mlp, cnn, two_in_two_out):
    m = f()
    out[f.__name__] = keras.saving.serialize_keras_object(m)
path = os.path.join(os.path.dirname(__file__), "keras_configs.json")
with open(path, "w") as fh:
    json.dump({"keras_version": keras.__version__, "models": out}, fh, indent=1, sort_keys=True)
print("wrote", path)
