"""Keras 3 (JAX) reference for the README's main job: the Fashion-MNIST MLP
(784-128-10, Adam 1e-3, batch 32, 5 epochs) over several seeds, to compare kerasm's test
accuracy with Keras's own seed-to-seed spread. Run with the fixture venv:
  /tmp/golden-venv/bin/python bench/reference/keras_mlp_seeds.py
"""
import gzip, os, sys, time
os.environ.setdefault("KERAS_BACKEND", "jax")
import numpy as np
import keras

D = "/usr/share/datasets/fashion-mnist"
def idx(name):
    with gzip.open(f"{D}/{name}") as f:
        b = f.read()
    nd = b[3]
    shape = [int.from_bytes(b[4 + 4 * i: 8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(b, np.uint8, offset=4 + 4 * nd).reshape(shape)

xt = idx("train-images-idx3-ubyte.gz").reshape(-1, 784).astype("float32") / 255
yt = idx("train-labels-idx1-ubyte.gz").astype("int32")
xv = idx("t10k-images-idx3-ubyte.gz").reshape(-1, 784).astype("float32") / 255
yv = idx("t10k-labels-idx1-ubyte.gz").astype("int32")
seeds = [int(s) for s in sys.argv[1:]] or [1, 2, 3, 4, 5, 6]
for seed in seeds:
    keras.utils.set_random_seed(seed)
    m = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    m.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    t = time.time()
    h = m.fit(xt, yt, epochs=5, batch_size=32, verbose=0)
    dt = time.time() - t
    _, acc = m.evaluate(xv, yv, batch_size=256, verbose=0)
    print(f"seed {seed} train_acc {' '.join(f'{a:.4f}' for a in h.history['accuracy'])} test_acc {acc*100:.2f} samples/s {5*60000/dt:.0f}", flush=True)
