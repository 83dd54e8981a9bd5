"""Writes the Keras 3 model configs the kerasm config tests compare against.

Each fixture is the config.json member of a real `model.save('x.keras')` zip (what
`serialize_keras_object(model)` gives inside saving_lib), pretty-printed.

Run: KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python tests/saving/config/make_configs.py
(pinned: keras 3.15.1, jax 0.10.2).
"""
import json
import os
import sys
import tempfile
import zipfile

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
from keras import layers  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def mlp():
    x = keras.Input(shape=(784,), name="pixels")
    m = keras.Sequential(
        [x, layers.Dense(128, activation="relu", name="hidden"), layers.Dropout(0.2, name="drop"),
         layers.Dense(10, activation="softmax", name="probs")],
        name="mlp",
    )
    return m


def cnn():
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1), name="image"),
            layers.Conv2D(32, 3, activation="relu", name="conv1"),
            layers.BatchNormalization(name="bn"),
            layers.MaxPooling2D(name="pool1"),
            layers.Conv2D(64, 3, activation="relu", name="conv2"),
            layers.MaxPooling2D(name="pool2"),
            layers.Flatten(name="flat"),
            layers.Dense(64, activation="relu", name="fc"),
            layers.Dropout(0.5, name="drop"),
            layers.Dense(10, activation="softmax", name="probs"),
        ],
        name="cnn",
    )


def two_in_two_out():
    a = keras.Input(shape=(8,), name="in_a")
    b = keras.Input(shape=(8,), name="in_b")
    shared = layers.Dense(4, activation="tanh", name="shared")
    ha = shared(a)
    hb = shared(b)
    cat = layers.Concatenate(name="cat")([ha, hb])
    out1 = layers.Dense(1, activation="sigmoid", name="out_score")(cat)
    diff = layers.Subtract(name="diff")([ha, hb])
    out2 = layers.Dense(3, activation="softmax", name="out_class")(diff)
    return keras.Model(inputs=[a, b], outputs=[out1, out2], name="siamese")


def nested():
    inner = keras.Sequential(
        [keras.Input(shape=(6,), name="inner_in"), layers.Dense(5, activation="relu", name="inner_d1"),
         layers.Dense(4, name="inner_d2")],
        name="inner",
    )
    x = keras.Input(shape=(6,), name="outer_in")
    h = inner(x)
    y = layers.Dense(2, activation="softmax", name="head")(h)
    return keras.Model(inputs=x, outputs=y, name="outer")


def seq_no_input():
    return keras.Sequential([layers.Dense(3, activation="relu", name="d1"), layers.Dense(1, name="d2")], name="lazy")


MODELS = {
    "mlp": mlp,
    "cnn": cnn,
    "functional_shared": two_in_two_out,
    "functional_nested": nested,
    "sequential_no_input": seq_no_input,
}


def config_of(model):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.keras")
        model.save(path)
        with zipfile.ZipFile(path) as z:
            return json.loads(z.read("config.json"))


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, make in MODELS.items():
        keras.utils.clear_session()
        cfg = config_of(make())
        with open(os.path.join(OUT, f"{name}.keras.json"), "w") as f:
            json.dump(cfg, f, indent=1, sort_keys=True)
            f.write("\n")
        print("wrote", name)


if __name__ == "__main__":
    sys.exit(main())
