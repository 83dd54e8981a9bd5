"""Keras 3 (JAX) reference for the README's main job: the Fashion-MNIST MLP
(784-128-10, Adam 1e-3, batch 32, 5 epochs) over several seeds, to compare kerasm's test
accuracy with Keras's own seed-to-seed spread. Run with the fixture venv:
  ~/.cache/kerasm/venv/bin/python bench/reference/keras_mlp_seeds.py
"""
import os, sys, time
os.environ.setdefault("KERAS_BACKEND", "jax")
import keras
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "reference"))
from fashion_mnist_idx import load

xt, yt, xv, yv = load(image_shape=(784,))
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
