"""Keras 3 string-input models for kerasm: what real Keras saves for a model whose first layers
take strings (TextVectorization, StringLookup, Hashing) or integers (IntegerLookup), and what it
predicts.

Keras runs the text layers on TensorFlow string ops, and a model can only take string inputs on
the TensorFlow backend, so this script needs the text venv (tests/golden/requirements_text.txt)
and runs Keras on TensorFlow. It writes text_fixtures/<name>.keras and text_fixtures/<name>.json
(the string queries and Keras's predictions on them, float32 arrays as in kerasm_fixture_io.py).

Run:
    ~/.cache/kerasm/venv-text/bin/python tests/saving/keras/make_text_fixtures.py
    ~/.cache/kerasm/venv-text/bin/python tests/saving/keras/make_text_fixtures.py --check DIR
The second form loads DIR/<name>.keras files kerasm wrote (with DIR/<name>.expect.json holding
the queries and kerasm's predictions) and prints one JSON line per model.
"""
import base64
import json
import os
import sys
import warnings

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402
import tensorflow as tf  # noqa: E402  (string tensors: Keras 3.15 predict refuses NumPy string arrays)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "text_fixtures")

SENTENCES = [
    "the movie was great and fun",
    "a wonderful film with a great cast",
    "i loved the acting and the story",
    "what a delightful and charming movie",
    "the plot was dull and boring",
    "a terrible film with awful acting",
    "i hated the story and the ending",
    "what a dreadful and tedious movie",
]
LABELS = [1, 1, 1, 1, 0, 0, 0, 0]
QUERIES = ["a great and charming film", "the boring awful ending", "zebra unknown words", "", "The Movie, was GREAT!"]


def enc(a):
    a = np.asarray(a).astype("<f4")
    return {"dtype": "float32", "shape": list(a.shape), "b64": base64.b64encode(a.tobytes()).decode("ascii")}


def dec(o):
    return np.frombuffer(base64.b64decode(o["b64"]), dtype="<f4").reshape(o["shape"]).copy()


def text_classifier():
    keras.utils.set_random_seed(7)
    vectorize = layers.TextVectorization(max_tokens=50, output_sequence_length=8, name="vectorize")
    vectorize.adapt(SENTENCES)
    inp = keras.Input(shape=(1,), dtype="string", name="text")
    x = vectorize(inp)
    x = layers.Embedding(50, 8, name="embed")(x)
    x = layers.GlobalAveragePooling1D(name="pool")(x)
    out = layers.Dense(1, activation="sigmoid", name="score")(x)
    model = keras.Model(inp, out, name="text_classifier")
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy", metrics=["accuracy"])
    x_train = np.array(SENTENCES, dtype=object)[:, None]
    y_train = np.array(LABELS, dtype="float32")[:, None]
    for _ in range(3):
        model.train_on_batch(x_train, y_train)
    queries = [tf.constant(QUERIES)[:, None]]
    return model, queries, {"inputs": [{"kind": "strings", "shape": [len(QUERIES), 1], "values": QUERIES}]}


def text_lookups():
    keras.utils.set_random_seed(11)
    words_data = [["red", "green", "blue"], ["red", "red", "cyan"], ["green", "blue", "blue"], ["pink", "red", "green"]]
    ids_data = [[3, 9], [9, 27], [27, 3], [4, 9]]
    lookup = layers.StringLookup(name="words_lookup")
    lookup.adapt(words_data)
    ints = layers.IntegerLookup(output_mode="multi_hot", name="ids_lookup")
    ints.adapt(np.array(ids_data, dtype="int64"))
    words = keras.Input(shape=(3,), dtype="string", name="words")
    ids = keras.Input(shape=(2,), dtype="int64", name="ids")
    a = layers.GlobalAveragePooling1D(name="pool_a")(layers.Embedding(lookup.vocabulary_size(), 4, name="embed_a")(lookup(words)))
    b = layers.GlobalAveragePooling1D(name="pool_b")(layers.Embedding(16, 4, name="embed_b")(layers.Hashing(num_bins=16, name="hash")(words)))
    x = layers.Concatenate(name="concat")([a, b, ints(ids)])
    out = layers.Dense(2, activation="softmax", name="probs")(x)
    model = keras.Model([words, ids], out, name="text_lookups")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.train_on_batch([np.array(words_data, dtype=object), np.array(ids_data, dtype="int64")], np.array([0, 1, 0, 1]))
    qw = [["red", "blue", "zebra"], ["cyan", "cyan", "pink"], ["", "green", "red"]]
    qi = [[3, 27], [100, 9], [4, 4]]
    queries = [tf.constant(qw), tf.constant(qi, dtype="int64")]
    return model, queries, {"inputs": [{"kind": "strings", "shape": [3, 3], "values": sum(qw, [])},
                                       {"kind": "int32", "shape": [3, 2], "values": sum(qi, [])}]}


def text_tfidf():
    # tf_idf: the idf weights are the layer's own variables (vars/idf_weights), next to the vocabulary asset.
    keras.utils.set_random_seed(13)
    vectorize = layers.TextVectorization(max_tokens=30, output_mode="tf_idf", name="tfidf")
    vectorize.adapt(SENTENCES)
    inp = keras.Input(shape=(1,), dtype="string", name="text")
    out = layers.Dense(2, activation="softmax", name="probs")(vectorize(inp))
    model = keras.Model(inp, out, name="text_tfidf")
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.train_on_batch(np.array(SENTENCES, dtype=object)[:, None], np.array(LABELS))
    queries = [tf.constant(QUERIES)[:, None]]
    return model, queries, {"inputs": [{"kind": "strings", "shape": [len(QUERIES), 1], "values": QUERIES}]}


MODELS = {"text_classifier": text_classifier, "text_lookups": text_lookups, "text_tfidf": text_tfidf}


def generate(names):
    os.makedirs(OUT, exist_ok=True)
    for name in names:
        model, queries, meta = MODELS[name]()
        preds = model.predict(queries if len(queries) > 1 else queries[0], verbose=0)
        path = os.path.join(OUT, f"{name}.keras")
        model.save(path)
        # The file must load back in Keras and predict the same.
        again = keras.saving.load_model(path)
        np.testing.assert_allclose(again.predict(queries if len(queries) > 1 else queries[0], verbose=0), preds, rtol=1e-6, atol=1e-6)
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump({"generator": "tests/saving/keras/make_text_fixtures.py", "keras_version": keras.__version__,
                       "backend": keras.backend.backend(), **meta, "predictions": enc(preds)}, f, indent=1)
            f.write("\n")
        print(f"wrote {path} ({os.path.getsize(path)} bytes)", file=sys.stderr)


def to_arrays(inputs):
    out = []
    for i in inputs:
        if i["kind"] == "strings":
            out.append(tf.reshape(tf.constant(i["values"], dtype=tf.string), i["shape"]))
        else:
            out.append(tf.reshape(tf.constant(i["values"], dtype=tf.int64), i["shape"]))
    return out if len(out) > 1 else out[0]


def check(directory):
    ok_all = True
    for f in sorted(os.listdir(directory)):
        if not f.endswith(".expect.json"):
            continue
        name = f[: -len(".expect.json")]
        with open(os.path.join(directory, f)) as fh:
            exp = json.load(fh)
        try:
            model = keras.saving.load_model(os.path.join(directory, f"{name}.keras"))
            got = model.predict(to_arrays(exp["inputs"]), verbose=0)
            want = dec(exp["predictions"])
            err = float(np.max(np.abs(got - want)))
            ok = got.shape == want.shape and err <= 1e-5
            vocab = {l.name: l.get_vocabulary() for l in model.layers if hasattr(l, "get_vocabulary")}
            r = {"name": name, "ok": ok, "max_abs_err": err, "vocabulary_sizes": {k: len(v) for k, v in vocab.items()}}
        except Exception as e:  # noqa: BLE001 - reported, not hidden
            r = {"name": name, "ok": False, "error": f"{type(e).__name__}: {e}"}
        ok_all = ok_all and r["ok"]
        print(json.dumps(r))
    sys.exit(0 if ok_all else 1)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--check"]:
        check(args[1])
    else:
        generate(args or list(MODELS))
