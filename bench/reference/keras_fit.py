"""Keras 3 (JAX) column of bench:fit: the same models, data, optimizer and timing method
as bench/fit.bench.mjs, so one report shows kerasm / Keras-JAX / tfjs side by side.

Run by the bench when a Python with keras + jax is found ($KERASM_PYTHON, else the fixture
venv ~/.cache/kerasm/venv); by hand:
  KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python bench/reference/keras_fit.py \
      --models mlp,cnn --threads 1 --samples 15000 --cnn-samples 1536 --repeats 3
Prints one JSON object per case on stdout (progress on stderr).

--threads 1 pins the process to one CPU and turns off XLA's intra-op thread pool, which
is what "1T" means for kerasm; --threads 0 leaves JAX its default (all cores).
Pinned versions: tests/golden/requirements.txt (keras 3.15.1, jax 0.10.2).
"""
import argparse, json, os, statistics, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--models", default="mlp,cnn")
ap.add_argument("--mlp-batches", default="32,128,512")
ap.add_argument("--cnn-batches", default="32,128")
ap.add_argument("--samples", type=int, default=15000)
ap.add_argument("--cnn-samples", type=int, default=1536)
ap.add_argument("--warmup", type=int, default=2000)
ap.add_argument("--cnn-warmup", type=int, default=256)
ap.add_argument("--lstm-batches", default="32,128")
ap.add_argument("--lstm-samples", type=int, default=1024)
ap.add_argument("--transformer-batches", default="32,128")
ap.add_argument("--transformer-samples", type=int, default=2048)
ap.add_argument("--repeats", type=int, default=3)
ap.add_argument("--threads", type=int, default=0)
args = ap.parse_args()

if args.threads == 1:
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") +
                               " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1").strip()
os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import jax  # noqa: E402
import keras  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "reference"))
from fashion_mnist_idx import load  # noqa: E402

X, Y, _, _ = load(image_shape=(784,))


def mlp():
    return keras.Sequential([keras.Input((784,)), keras.layers.Dense(128, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])


def cnn():
    L = keras.layers
    return keras.Sequential([keras.Input((28, 28, 1)), L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(2),
                             L.Conv2D(64, 3, activation="relu"), L.MaxPooling2D(2), L.Flatten(),
                             L.Dense(64, activation="relu"), L.Dropout(0.5), L.Dense(10, activation="softmax")])


def lstm():
    L = keras.layers
    inp = keras.Input((100,), dtype="int32")
    x = L.Bidirectional(L.LSTM(32))(L.Embedding(10000, 64)(inp))
    return keras.Model(inp, L.Dense(10, activation="softmax")(x))


class PositionEmbedding(keras.layers.Layer):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.pos = keras.layers.Embedding(100, 32)

    def call(self, x):
        return x + self.pos(keras.ops.arange(keras.ops.shape(x)[1]))


def transformer():
    # examples/reference/text_keras.py's transformer_model with its hyper-parameters.
    L = keras.layers
    inp = keras.Input((100,), dtype="int32")
    x = PositionEmbedding()(L.Embedding(10000, 32)(inp))
    attn = L.MultiHeadAttention(num_heads=2, key_dim=32)(x, x)
    x = L.LayerNormalization(epsilon=1e-6)(L.Add()([x, L.Dropout(0.1)(attn)]))
    ffn = L.Dense(32)(L.Dense(32, activation="relu")(x))
    x = L.LayerNormalization(epsilon=1e-6)(L.Add()([x, L.Dropout(0.1)(ffn)]))
    x = L.Dropout(0.1)(L.GlobalAveragePooling1D()(x))
    x = L.Dropout(0.1)(L.Dense(20, activation="relu")(x))
    return keras.Model(inp, L.Dense(10, activation="softmax")(x))


rng = np.random.default_rng(1234)
TOK = rng.integers(1, 10000, size=(max(args.lstm_samples, args.transformer_samples, 2048), 100), dtype=np.int32)
TOKY = rng.integers(0, 10, size=TOK.shape[0], dtype=np.int32)

SPECS = {
    "mlp": (mlp, [784], [int(b) for b in args.mlp_batches.split(",")], args.samples, args.warmup),
    "cnn": (cnn, [28, 28, 1], [int(b) for b in args.cnn_batches.split(",")], args.cnn_samples, args.cnn_warmup),
    "lstm": (lstm, None, [int(b) for b in args.lstm_batches.split(",")], args.lstm_samples, 128),
    "transformer": (transformer, None, [int(b) for b in args.transformer_batches.split(",")], args.transformer_samples, 256),
}

print(f"keras {keras.__version__} jax {jax.__version__} devices {jax.devices()} threads {args.threads or 'default'}",
      file=sys.stderr)
for mid in args.models.split(","):
    build, shape, batches, n, nw = SPECS[mid]
    if shape is None:  # token models: random ids (speed does not depend on which)
        x, y, xw, yw = TOK[:n], TOKY[:n], TOK[:nw], TOKY[:nw]
    else:
        x, y = X[:n].reshape([n, *shape]), Y[:n]
        xw, yw = X[:nw].reshape([nw, *shape]), Y[:nw]
    for batch in batches:
        keras.utils.set_random_seed(1234)
        m = build()
        m.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        t = time.perf_counter()
        m.fit(xw, yw, epochs=1, batch_size=batch, verbose=0)
        warm = nw / (time.perf_counter() - t)
        runs, cpu = [], []
        for _ in range(args.repeats):
            c0, t = time.process_time(), time.perf_counter()
            h = m.fit(x, y, epochs=1, batch_size=batch, verbose=0)
            dt, dc = time.perf_counter() - t, time.process_time() - c0
            runs.append(n / dt)
            cpu.append(n / dc)
        rec = {"model": mid, "batch": batch, "threads": args.threads, "samples": n, "warmupSps": warm,
               "runs": runs, "medianSps": statistics.median(runs), "bestSps": max(runs),
               "medianSpsCpu": statistics.median(cpu), "accuracy": float(h.history["accuracy"][-1]),
               "loss": float(h.history["loss"][-1]), "keras": keras.__version__, "jax": jax.__version__}
        print(json.dumps(rec), flush=True)
        print(f"  keras-jax {mid} B={batch} threads={args.threads or 'all'}: {rec['medianSps']:.0f} samples/s "
              f"(best {rec['bestSps']:.0f}; warm-up {warm:.0f}/s)", file=sys.stderr)
