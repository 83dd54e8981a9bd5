"""Exports scikit-learn's bundled diabetes data (raw, unscaled features) to the CSV files
examples/tabular_regression.mjs reads, and trains the same model in Keras 3 (JAX) for the
reference test MAE (examples/data/diabetes_keras_reference.json).

The data files are read straight from the scikit-learn wheel (no install needed):
    pip download scikit-learn --no-deps -d /tmp/skl
    KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python examples/data/make_diabetes.py /tmp/skl/scikit_learn-*.whl

Split: row i is a test row when i % 5 == 4 (88 test rows, 354 training rows).
Model (also in the example): Normalization (adapted on the training features) → Dense(64, relu)
→ Dense(64, relu) → Dense(1); Adam(learning_rate=0.01), loss mse, metric mae, 100 epochs,
batch size 32, shuffled each epoch. Keras is run with 5 seeds; the JSON keeps each test MAE.
"""

import gzip
import io
import json
import os
import sys
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
EPOCHS, BATCH, LR, SEEDS = 100, 32, 0.01, [0, 1, 2, 3, 4]


def load(wheel):
    z = zipfile.ZipFile(wheel)
    x = np.loadtxt(io.BytesIO(gzip.decompress(z.read("sklearn/datasets/data/diabetes_data_raw.csv.gz"))))
    y = np.loadtxt(io.BytesIO(gzip.decompress(z.read("sklearn/datasets/data/diabetes_target.csv.gz"))))
    return x.astype(np.float32), y.astype(np.float32)


def write_csv(path, x, y):
    with open(path, "w") as f:
        f.write(",".join(COLUMNS + ["target"]) + "\n")
        for row, t in zip(x, y):
            f.write(",".join(f"{v:g}" for v in row) + f",{t:g}\n")


def keras_mae(x_train, y_train, x_test, y_test, seed):
    import keras

    keras.utils.set_random_seed(seed)
    norm = keras.layers.Normalization(axis=-1)
    norm.adapt(x_train)
    model = keras.Sequential([
        keras.Input(shape=(len(COLUMNS),)), norm,
        keras.layers.Dense(64, activation="relu"), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss="mse", metrics=["mae"])
    model.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH, shuffle=True, verbose=0)
    loss, mae = model.evaluate(x_test, y_test, verbose=0)
    return float(mae), float(loss)


def main():
    x, y = load(sys.argv[1])
    test = np.arange(len(x)) % 5 == 4
    write_csv(os.path.join(HERE, "diabetes_train.csv"), x[~test], y[~test])
    write_csv(os.path.join(HERE, "diabetes_test.csv"), x[test], y[test])
    runs = [keras_mae(x[~test], y[~test], x[test], y[test], s) for s in SEEDS]
    import keras

    maes = [r[0] for r in runs]
    out = {
        "source": "scikit-learn " + os.path.basename(sys.argv[1]) + " sklearn/datasets/data/diabetes_*.csv.gz (raw features)",
        "keras": keras.__version__, "backend": keras.backend.backend(),
        "split": "test rows: i % 5 == 4", "train_rows": int((~test).sum()), "test_rows": int(test.sum()),
        "model": "Normalization -> Dense(64, relu) -> Dense(64, relu) -> Dense(1)",
        "optimizer": f"Adam(learning_rate={LR})", "loss": "mse", "epochs": EPOCHS, "batch_size": BATCH,
        "seeds": SEEDS, "test_mae": maes, "test_mse": [r[1] for r in runs],
        "test_mae_mean": float(np.mean(maes)), "test_mae_std": float(np.std(maes)),
        "baseline_mae_predict_train_mean": float(np.mean(np.abs(y[test] - y[~test].mean()))),
    }
    with open(os.path.join(HERE, "diabetes_keras_reference.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
