"""Keras 3 (JAX) reference for examples/text_classification.mjs: topic classification of the
Debian `fortunes` quotations with (a) TextVectorization + Embedding + Bidirectional(LSTM) + Dense
and (b) TextVectorization + Embedding + positional embedding + one transformer block
(MultiHeadAttention, LayerNormalization, FFN) + GlobalAveragePooling1D.

The data set is rebuilt exactly as kerasm's `datasets.fortunes` builds it (same parsing, same
mulberry32 + Fisher-Yates stratified split); `split_sha256` in the results lets the kerasm
example check that both trained on the same split. As in kerasm, text is vectorized in the data
pipeline and the models start at the Embedding. TextVectorization needs `tensorflow-cpu` next to
Keras (tests/golden/requirements_text.txt).

    KERAS_BACKEND=jax python examples/reference/text_keras.py [--epochs N] [--out FILE]

Writes examples/reference/text_keras_results.json.
"""
import argparse
import hashlib
import json
import os
import re
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers, ops  # noqa: E402

TOPICS = ["art", "computers", "food", "law", "literature", "love", "medicine", "politics", "science", "sports"]
# Hyper-parameters shared with examples/text_classification.mjs.
HP = {
    "max_tokens": 10000, "sequence_length": 100, "batch_size": 32, "learning_rate": 1e-3,
    "lstm": {"embed_dim": 64, "units": 32},
    "transformer": {"embed_dim": 32, "num_heads": 2, "ff_dim": 32, "dense": 20, "dropout": 0.1},
}
JS_WHITESPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
M32 = 0xFFFFFFFF


def imul(a, b):
    return (a * b) & M32


def mulberry32(seed):
    state = [seed & M32]

    def rand():
        state[0] = (state[0] + 0x6D2B79F5) & M32
        t = state[0]
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return rand


def shuffle(xs, rand):
    for i in range(len(xs) - 1, 0, -1):
        j = int(rand() * (i + 1))
        xs[i], xs[j] = xs[j], xs[i]
    return xs


def parse_fortunes(text):
    out = []
    for block in re.split(r"\r?\n%\r?\n|^%\r?\n|\r?\n%\r?\n?$", text):
        s = block
        while "\b" in s:
            nxt = re.sub(r"^\x08+", "", re.sub(r"[^\x08]\x08", "", s))
            if nxt == s:
                break
            s = nxt
        s = s.replace("\b", "").strip(JS_WHITESPACE)
        if s:
            out.append(s)
    return out


def load_fortunes(path="/usr/share/games/fortunes", topics=TOPICS, test_split=0.2, seed=1337):
    seen = set()
    by_topic = []
    for t in topics:
        with open(os.path.join(path, t), "rb") as f:
            texts = parse_fortunes(f.read().decode("utf-8", errors="replace"))
        kept = []
        for x in texts:
            if x not in seen:
                seen.add(x)
                kept.append(x)
        by_topic.append(kept)
    train, test = [], []
    for label, texts in enumerate(by_topic):
        order = shuffle(list(range(len(texts))), mulberry32(seed + label))
        n_test = int(np.floor(len(texts) * test_split + 0.5))  # JS Math.round
        for k, i in enumerate(order):
            (test if k < n_test else train).append((texts[i], label))
    shuffle(train, mulberry32((seed ^ 0x5BD1E995) & M32))
    shuffle(test, mulberry32((seed ^ 0x1B873593) & M32))
    return ([t for t, _ in train], [l for _, l in train]), ([t for t, _ in test], [l for _, l in test])


def split_sha256(train, test):
    """The same digest examples/text_classification.mjs computes."""
    h = hashlib.sha256()
    for texts, labels in (train, test):
        h.update("\x1e".join(texts).encode("utf-8"))
        h.update(("|" + ",".join(str(l) for l in labels) + "|").encode("utf-8"))
    return h.hexdigest()


class PositionEmbedding(layers.Layer):
    """Adds a learned embedding of each position (the Keras guide's TokenAndPositionEmbedding, position half)."""

    def __init__(self, sequence_length, embed_dim, **kw):
        super().__init__(**kw)
        self.pos = layers.Embedding(sequence_length, embed_dim)

    def call(self, x):
        return x + self.pos(ops.arange(ops.shape(x)[1]))


def lstm_model():
    hp = HP["lstm"]
    inp = keras.Input((HP["sequence_length"],), dtype="int32")
    x = layers.Embedding(HP["max_tokens"], hp["embed_dim"])(inp)
    x = layers.Bidirectional(layers.LSTM(hp["units"]))(x)
    out = layers.Dense(len(TOPICS), activation="softmax")(x)
    return keras.Model(inp, out, name="bilstm")


def transformer_model():
    hp = HP["transformer"]
    d = hp["embed_dim"]
    inp = keras.Input((HP["sequence_length"],), dtype="int32")
    x = layers.Embedding(HP["max_tokens"], d)(inp)
    x = PositionEmbedding(HP["sequence_length"], d)(x)
    attn = layers.MultiHeadAttention(num_heads=hp["num_heads"], key_dim=d)(x, x)
    x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, layers.Dropout(hp["dropout"])(attn)]))
    ffn = layers.Dense(d)(layers.Dense(hp["ff_dim"], activation="relu")(x))
    x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, layers.Dropout(hp["dropout"])(ffn)]))
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dropout(hp["dropout"])(x)
    x = layers.Dense(hp["dense"], activation="relu")(x)
    x = layers.Dropout(hp["dropout"])(x)
    out = layers.Dense(len(TOPICS), activation="softmax")(x)
    return keras.Model(inp, out, name="transformer")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--models", nargs="+", choices=["bilstm", "transformer"], default=["bilstm", "transformer"])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "text_keras_results.json"))
    args = ap.parse_args()

    (xtr_text, ytr), (xte_text, yte) = load_fortunes()
    digest = split_sha256((xtr_text, ytr), (xte_text, yte))
    print(f"fortunes: {len(xtr_text)} train / {len(xte_text)} test, split sha256 {digest[:16]}…", file=sys.stderr)

    vectorize = layers.TextVectorization(max_tokens=HP["max_tokens"], output_sequence_length=HP["sequence_length"])
    vectorize.adapt(xtr_text)
    vocab = vectorize.get_vocabulary()
    xtr = np.asarray(vectorize(np.array(xtr_text)), dtype="int32")
    xte = np.asarray(vectorize(np.array(xte_text)), dtype="int32")
    ytr, yte = np.array(ytr, "int32"), np.array(yte, "int32")

    results = {
        "keras_version": keras.__version__, "backend": keras.backend.backend(), "hyperparameters": HP, "epochs": args.epochs,
        "train_samples": len(xtr_text), "test_samples": len(xte_text), "split_sha256": digest,
        "vocabulary_size": len(vocab), "vocabulary_sha256": hashlib.sha256("\n".join(vocab).encode("utf-8")).hexdigest(),
        "models": {},
    }
    for name, build in (("bilstm", lstm_model), ("transformer", transformer_model)):
        if name not in args.models:
            continue
        runs = []
        for seed in args.seeds:
            keras.utils.set_random_seed(seed)
            model = build()
            model.compile(optimizer=keras.optimizers.Adam(HP["learning_rate"]), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            t0 = time.perf_counter()
            hist = model.fit(xtr, ytr, batch_size=HP["batch_size"], epochs=args.epochs, verbose=0)
            seconds = time.perf_counter() - t0
            loss, acc = model.evaluate(xte, yte, batch_size=256, verbose=0)
            runs.append({"seed": seed, "test_accuracy": float(acc), "test_loss": float(loss),
                         "train_accuracy": [float(a) for a in hist.history["accuracy"]],
                         "train_seconds": seconds, "samples_per_second": args.epochs * len(xtr) / seconds})
            print(f"{name} seed {seed}: test accuracy {acc:.4f} (loss {loss:.4f}), {seconds:.1f} s", file=sys.stderr)
        accs = [r["test_accuracy"] for r in runs]
        results["models"][name] = {"params": int(model.count_params()), "runs": runs,
                                   "test_accuracy_mean": float(np.mean(accs)), "test_accuracy_std": float(np.std(accs))}
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
