"""Keras 3 reference values for kerasm's text preprocessing layers and utils.pad_sequences.

Keras's TextVectorization, StringLookup, IntegerLookup and Hashing run on TensorFlow string
ops whatever the backend, so this script needs `tensorflow-cpu` besides the pinned Keras/JAX
(tests/golden/requirements_text.txt). Run:

    KERAS_BACKEND=jax python tests/golden/generate_text.py   # writes tests/golden/text.json
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

CORPUS = [
    "The quick brown fox jumps over the lazy dog.",
    "A dog, a cat... and THE fox!",
    "Über café: naïve résumé — déjà vu?",
    "  spaces\tand\ttabs\nand newlines  ",
    "the the the fox",
    "Numbers 123 and 4.5e6 (in parens) [brackets] {braces}",
    "",
]
QUERIES = [
    "the fox and the dog",
    "An unknown word, zebra!",
    "ÜBER Café",
    "",
    "the the quick quick quick brown",
]


def arr(x):
    x = np.asarray(x)
    if x.dtype.kind in "iu":
        return {"dtype": "int", "shape": list(x.shape), "values": x.reshape(-1).astype(np.int64).tolist()}
    if x.dtype.kind == "f":
        return {"dtype": "float", "shape": list(x.shape), "values": x.reshape(-1).astype(np.float64).tolist()}
    flat = [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in x.reshape(-1).tolist()]
    return {"dtype": "string", "shape": list(x.shape), "values": flat}


def strip_config(c):
    c = {k: (f"custom:{v.__name__}" if callable(v) else v) for k, v in c.items()}
    for k in ("name", "trainable", "dtype"):
        c.pop(k, None)
    return c


def digits_to_hash(x):
    # Custom standardize: numpy unicode arrays on the JAX backend.
    return np.char.replace(np.char.lower(x), "1", "#")


def tv_cases():
    cases = []

    def case(name, options, adapt=CORPUS, queries=QUERIES, build=None, vocab_only=False):
        layer = build() if build else layers.TextVectorization(**options)
        if adapt is not None:
            layer.adapt(adapt)
        entry = {"name": name, "options": options, "adapt": "corpus" if adapt is CORPUS else adapt,
                 "vocabulary": layer.get_vocabulary(),
                 "config": strip_config(layer.get_config())}
        if not vocab_only:
            out = layer(np.array(queries))
            entry["queries"] = queries
            entry["output"] = arr(out)
        if options.get("output_mode") == "tf_idf":
            entry["idf_weights"] = arr(layer._lookup_layer.idf_weights_const.numpy())
        cases.append(entry)

    case("int_default", {})
    case("int_seq6", {"output_sequence_length": 6})
    case("int_seq3_max8", {"output_sequence_length": 3, "max_tokens": 8})
    case("lower", {"standardize": "lower", "output_sequence_length": 8})
    case("strip_punctuation", {"standardize": "strip_punctuation", "output_sequence_length": 8})
    case("no_standardize", {"standardize": None, "output_sequence_length": 8})
    case("character", {"split": "character", "output_sequence_length": 12, "max_tokens": 20})
    case("no_split", {"split": None, "standardize": "lower"}, queries=["the fox and the dog", "a dog, a cat... and the fox!", "zebra"])
    case("ngrams2_int", {"ngrams": 2, "output_sequence_length": 10, "max_tokens": 30})
    case("ngrams_tuple_multi_hot", {"ngrams": (2, 3), "output_mode": "multi_hot", "max_tokens": 12})
    case("multi_hot", {"output_mode": "multi_hot"})
    case("multi_hot_max10_pad", {"output_mode": "multi_hot", "max_tokens": 10, "pad_to_max_tokens": True})
    case("count", {"output_mode": "count", "max_tokens": 12})
    case("one_hot_no_split", {"output_mode": "one_hot", "split": None, "max_tokens": 6},
         adapt=["a", "b", "a", "c", "a", "b"], queries=["a", "b", "z", "c"])
    case("tf_idf", {"output_mode": "tf_idf"})
    case("tf_idf_max8", {"output_mode": "tf_idf", "max_tokens": 8})
    case("given_vocabulary", {"vocabulary": ["fox", "dog", "the", "quick"], "output_sequence_length": 5}, adapt=None)
    case("given_vocabulary_tf_idf", {"vocabulary": ["fox", "dog", "the"], "idf_weights": [0.5, 0.25, 2.0], "output_mode": "tf_idf"}, adapt=None)
    case("custom_standardize", {"standardize": "custom:digits_to_hash", "output_sequence_length": 6},
         build=lambda: layers.TextVectorization(standardize=digits_to_hash, output_sequence_length=6),
         queries=["Numbers 123 and 1", "the FOX"])
    return cases


def lookup_cases():
    cases = []
    data = [["b", "a", "c", "a"], ["d", "a", "b", ""]]
    queries = [["a", "b", "z"], ["", "d", "zz"]]

    def s(name, options, adapt=data, q=queries):
        layer = layers.StringLookup(**options)
        if adapt is not None:
            layer.adapt(adapt)
        if options.get("invert"):
            # Keras on JAX cannot hand back a string array; the TF result is what it computes.
            import tensorflow as tf
            result = layer.call(tf.constant(q, dtype="int64")).numpy()
        else:
            result = layer(np.array(q))
        e = {"name": name, "kind": "string", "options": options, "vocabulary": layer.get_vocabulary(),
             "config": strip_config(layer.get_config()), "queries": q, "output": arr(result)}
        if options.get("output_mode") == "tf_idf":
            e["idf_weights"] = arr(layer.idf_weights_const.numpy())
        cases.append(e)

    s("string_default", {})
    s("string_mask", {"mask_token": ""})
    s("string_oov2", {"num_oov_indices": 2})
    s("string_oov3_mask", {"num_oov_indices": 3, "mask_token": ""})
    s("string_max3", {"max_tokens": 3})
    s("string_multi_hot", {"output_mode": "multi_hot"})
    s("string_count_mask", {"output_mode": "count", "mask_token": ""})
    s("string_one_hot", {"output_mode": "one_hot"}, q=["a", "b", "z"])
    s("string_tf_idf", {"output_mode": "tf_idf"})
    s("string_vocab", {"vocabulary": ["a", "b", "c"]}, adapt=None)
    s("string_vocab_with_specials", {"vocabulary": ["", "[UNK]", "a", "b"], "mask_token": ""}, adapt=None)
    s("string_invert", {"vocabulary": ["a", "b", "c"], "invert": True}, adapt=None, q=[[0, 1, 2], [3, 4, 1]])
    s("string_invert_mask", {"vocabulary": ["a", "b", "c"], "invert": True, "mask_token": ""}, adapt=None, q=[[0, 1, 2], [3, 4, 7]])
    s("string_salt", {"num_oov_indices": 3, "salt": [7, 11]})

    idata = [[12, 1138, 42, 42], [42, 7, 1138, 0]]
    iq = [[12, 1138, 5], [0, 42, -3]]

    def i(name, options, adapt=idata, q=iq):
        layer = layers.IntegerLookup(**options)
        if adapt is not None:
            layer.adapt(adapt)
        e = {"name": name, "kind": "integer", "options": options, "vocabulary": [int(v) for v in layer.get_vocabulary()],
             "config": strip_config(layer.get_config()), "queries": q, "output": arr(layer(np.array(q)))}
        if options.get("output_mode") == "tf_idf":
            e["idf_weights"] = arr(layer.idf_weights_const.numpy())
        cases.append(e)

    i("int_default", {})
    i("int_mask0", {"mask_token": 0})
    i("int_oov2_floormod", {"num_oov_indices": 2})
    i("int_oov3_farmhash", {"num_oov_indices": 3, "oov_method": "farmhash"})
    i("int_multi_hot", {"output_mode": "multi_hot"})
    i("int_count", {"output_mode": "count", "max_tokens": 4})
    i("int_tf_idf", {"output_mode": "tf_idf"})
    i("int_vocab", {"vocabulary": [12, 36, 1138, 42]}, adapt=None)
    i("int_invert", {"vocabulary": [12, 36, 1138, 42], "invert": True}, adapt=None, q=[[0, 1, 2], [3, 4, 9]])
    i("int_invert_mask", {"vocabulary": [12, 36, 1138, 42], "invert": True, "mask_token": 0}, adapt=None, q=[[0, 1, 2], [3, 4, 5]])
    return cases


def hashing_cases():
    cases = []
    strs = [["A"], ["B"], ["C"], ["D"], ["E"], [""], ["hello world"], ["q" * 17], ["s" * 65], ["naïve café"]]
    ints = [[0, 1, 2], [42, -7, 123456789]]

    def h(name, options, q):
        layer = layers.Hashing(**options)
        cases.append({"name": name, "options": options, "queries": q, "output": arr(layer(np.array(q))),
                      "config": strip_config(layer.get_config())})

    h("bins3", {"num_bins": 3}, strs)
    h("bins1000", {"num_bins": 1000}, strs)
    h("bins1000_mask", {"num_bins": 1000, "mask_value": ""}, strs)
    h("salt", {"num_bins": 1000, "salt": [133, 137]}, strs)
    h("salt_int", {"num_bins": 1000, "salt": 133}, strs)
    h("ints", {"num_bins": 100}, ints)
    h("ints_mask", {"num_bins": 100, "mask_value": 42}, ints)
    h("multi_hot", {"num_bins": 5, "output_mode": "multi_hot"}, [["A", "B", "C"], ["D", "D", "E"]])
    h("count", {"num_bins": 5, "output_mode": "count"}, [["A", "B", "C"], ["D", "D", "E"]])
    h("one_hot", {"num_bins": 5, "output_mode": "one_hot"}, [["A"], ["B"], ["C"]])
    return cases


def category_cases():
    cases = []

    def c(name, options, q, count_weights=None):
        layer = layers.CategoryEncoding(**options)
        out = layer(np.array(q), count_weights=None if count_weights is None else np.array(count_weights, "float32"))
        cases.append({"name": name, "options": options, "queries": q, "count_weights": count_weights,
                      "output": arr(out), "config": strip_config(layer.get_config())})

    c("one_hot", {"num_tokens": 4, "output_mode": "one_hot"}, [3, 2, 0, 1])
    c("one_hot_col", {"num_tokens": 4, "output_mode": "one_hot"}, [[3], [2], [0], [1]])
    c("one_hot_2d", {"num_tokens": 4, "output_mode": "one_hot"}, [[3, 1], [2, 2]])
    c("multi_hot", {"num_tokens": 4, "output_mode": "multi_hot"}, [[0, 1], [0, 0], [1, 2], [3, 1]])
    c("multi_hot_1d", {"num_tokens": 4, "output_mode": "multi_hot"}, [0, 1, 3])
    c("count", {"num_tokens": 4, "output_mode": "count"}, [[0, 1], [0, 0], [1, 2], [3, 1]])
    c("count_weights", {"num_tokens": 4, "output_mode": "count"}, [[0, 1], [0, 0], [1, 2], [3, 1]],
      count_weights=[[0.1, 0.2], [0.1, 0.1], [0.2, 0.3], [0.4, 0.2]])
    return cases


def pad_cases():
    from keras.utils import pad_sequences
    seqs = [[1, 2, 3], [4, 5], [6, 7, 8, 9, 10], []]
    cases = []
    for opts in [{}, {"maxlen": 4}, {"maxlen": 4, "padding": "post"}, {"maxlen": 4, "truncating": "post"},
                 {"maxlen": 2, "padding": "post", "truncating": "post", "value": -1},
                 {"value": 0.5, "dtype": "float32"}, {"maxlen": 6, "value": 9}]:
        out = pad_sequences(seqs, **opts)
        cases.append({"options": opts, "sequences": seqs, "output": arr(out)})
    fseqs = [[0.5, 1.5], [2.25]]
    cases.append({"options": {"dtype": "float32", "maxlen": 3}, "sequences": fseqs,
                  "output": arr(pad_sequences(fseqs, dtype="float32", maxlen=3))})
    cases.append({"options": {"maxlen": 3}, "sequences": fseqs, "output": arr(pad_sequences(fseqs, maxlen=3))})
    return cases


ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "text_assets")


def asset_cases():
    """Keras's own save_assets files and configs, and a .keras model holding an adapted IntegerLookup."""
    import tempfile
    import shutil
    os.makedirs(ASSETS, exist_ok=True)
    cases = []

    def save(name, layer, queries):
        d = os.path.join(ASSETS, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        layer.save_assets(d)
        store = {}
        layer.save_own_variables(store)
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump({"class_name": type(layer).__name__, "config": layer.get_config(),
                       "variables": {k: np.asarray(v).tolist() for k, v in store.items()}}, f, indent=1, ensure_ascii=False)
        cases.append({"name": name, "dir": name, "queries": queries, "output": arr(layer(np.array(queries)))})

    tv = layers.TextVectorization(output_sequence_length=6)
    tv.adapt(CORPUS)
    save("text_vectorization_int", tv, QUERIES)
    tv = layers.TextVectorization(output_mode="tf_idf", max_tokens=12, ngrams=2)
    tv.adapt(CORPUS)
    save("text_vectorization_tf_idf", tv, QUERIES)
    sl = layers.StringLookup(num_oov_indices=2, mask_token="")
    sl.adapt([["b", "a", "c", "a"], ["d", "a", "b", ""]])
    save("string_lookup", sl, [["a", "b", "z"], ["", "d", "zz"]])

    # A .keras model written by Keras with an adapted IntegerLookup (vocabulary in assets/).
    keras.utils.set_random_seed(3)
    lookup = layers.IntegerLookup(num_oov_indices=1, mask_token=0)
    lookup.adapt(np.array([[12, 1138, 42, 42], [42, 7, 1138, 3], [5, 5, 5, 12]]))
    inp = keras.Input((4,), dtype="int32")
    x = lookup(inp)
    x = layers.Embedding(lookup.vocabulary_size(), 3)(x)
    x = layers.GlobalAveragePooling1D()(x)
    out = layers.Dense(2)(x)
    model = keras.Model(inp, out)
    path = os.path.join(ASSETS, "integer_lookup_model.keras")
    model.save(path)
    q = np.array([[12, 1138, 99, 0], [5, 42, 7, 3]], "int32")
    return cases, {"path": "integer_lookup_model.keras", "queries": q.tolist(), "predictions": arr(model.predict(q, verbose=0)),
                   "vocabulary": [int(v) for v in lookup.get_vocabulary()]}


def main():
    assets, keras_model = asset_cases()
    out = {
        "assets": assets,
        "integer_lookup_model": keras_model,
        "keras_version": keras.__version__,
        "corpus": CORPUS,
        "text_vectorization": tv_cases(),
        "lookup": lookup_cases(),
        "hashing": hashing_cases(),
        "category_encoding": category_cases(),
        "pad_sequences": pad_cases(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "text.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
