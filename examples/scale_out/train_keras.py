"""Step 2 of the scale-out example: train a kerasm-saved .keras model further in Keras 3,
data-parallel over several JAX devices, and save it for kerasm to serve.

The model arrives compiled, with kerasm's optimizer state (Adam moments and step count), so
training continues where kerasm stopped. keras.distribution.DataParallel replicates the
variables on every device and splits each batch between them; on one machine without
accelerators, XLA can present the CPU as N devices, which is what this script does by default.

Usage:
  KERAS_BACKEND=jax python examples/scale_out/train_keras.py IN.keras OUT.keras \\
      [--devices 2] [--offset 6000] [--train 6000] [--epochs 2] [--batch-size 64] [--data DIR]

--offset/--train pick the slice of the Fashion-MNIST training set used here (kerasm trained on
the samples before --offset). --data is the folder with the four IDX files (default:
$KERASM_FASHION_MNIST, else /usr/share/datasets/fashion-mnist, as in kerasm's loader).
Prints a last line of JSON: {"keras_test_loss", "keras_test_accuracy", "iterations", ...}.
"""
import argparse
import gzip
import json
import os
import sys
import time


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--devices", type=int, default=2)
    p.add_argument("--offset", type=int, default=6000)
    p.add_argument("--train", type=int, default=6000)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--test", type=int, default=10000, help="test samples to evaluate on")
    p.add_argument("--data", default=os.environ.get("KERASM_FASHION_MNIST", "/usr/share/datasets/fashion-mnist"))
    return p.parse_args(argv)


args = parse_args(sys.argv[1:])

# Must be set before JAX starts: the CPU shows up as --devices devices.
os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + f" --xla_force_host_platform_device_count={args.devices}").strip()
os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import jax  # noqa: E402
import keras  # noqa: E402


def read_idx(folder, name):
    """An IDX file (gzipped or not) as a numpy array."""
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        path = path[: -len(".gz")]
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def fashion_mnist(folder, sample_shape):
    """Images scaled to [0, 1] and reshaped to the model's input, int32 labels (as examples/common.mjs)."""
    def split(prefix):
        x = read_idx(folder, f"{prefix}-images-idx3-ubyte.gz").astype("float32") / 255.0
        y = read_idx(folder, f"{prefix}-labels-idx1-ubyte.gz").astype("int32")
        return x.reshape((-1, *sample_shape)), y
    return split("train"), split("t10k")


def main():
    devices = jax.devices()[: args.devices]
    if len(devices) < args.devices:
        raise SystemExit(f"asked for {args.devices} devices, JAX has {len(jax.devices())}: {jax.devices()}")
    keras.distribution.set_distribution(keras.distribution.DataParallel(devices=devices))
    print(f"Keras {keras.__version__} on JAX {jax.__version__}: data-parallel over {len(devices)} devices {[str(d) for d in devices]}")

    # Loaded under the distribution, so every variable (and optimizer slot) is replicated.
    model = keras.saving.load_model(args.input)
    start_iterations = int(model.optimizer.iterations.numpy())
    print(f"loaded {args.input}: {model.count_params():,} parameters, optimizer {type(model.optimizer).__name__} "
          f"at step {start_iterations} (kerasm's state)")

    (x_train, y_train), (x_test, y_test) = fashion_mnist(args.data, model.input_shape[1:])
    x = x_train[args.offset: args.offset + args.train]
    y = y_train[args.offset: args.offset + args.train]
    # Each batch is split evenly between the devices: keep whole batches only.
    usable = len(x) - len(x) % args.batch_size
    if usable == 0 or args.batch_size % len(devices):
        raise SystemExit(f"need at least one batch of {args.batch_size} samples, divisible by {len(devices)} devices; got {len(x)} samples")
    x, y = x[:usable], y[:usable]
    x_test, y_test = x_test[: args.test], y_test[: args.test]

    # Evaluation batches are split between the devices too: the largest even split up to 256.
    eval_batch = max(b for b in range(len(devices), 257, len(devices)) if len(x_test) % b == 0) if len(x_test) % len(devices) == 0 else None
    if eval_batch is None:
        raise SystemExit(f"--test must be a multiple of {len(devices)} (devices); got {len(x_test)}")
    before = model.evaluate(x_test, y_test, batch_size=eval_batch, verbose=0, return_dict=True)
    t0 = time.perf_counter()
    model.fit(x, y, batch_size=args.batch_size, epochs=args.epochs, shuffle=True, verbose=2)
    seconds = time.perf_counter() - t0
    after = model.evaluate(x_test, y_test, batch_size=eval_batch, verbose=0, return_dict=True)
    model.save(args.output)

    print(f"test accuracy {before.get('accuracy', float('nan')):.4f} -> {after.get('accuracy', float('nan')):.4f} "
          f"after {args.epochs} epoch(s) on {len(x):,} samples in {seconds:.1f} s; saved {args.output}")
    print(json.dumps({
        "devices": len(devices),
        "train_samples": int(len(x)),
        "start_iterations": start_iterations,
        "iterations": int(model.optimizer.iterations.numpy()),
        "keras_test_loss_before": float(before["loss"]),
        "keras_test_accuracy_before": float(before.get("accuracy", float("nan"))),
        "keras_test_loss": float(after["loss"]),
        "keras_test_accuracy": float(after.get("accuracy", float("nan"))),
        "test_samples": int(len(x_test)),
    }))


if __name__ == "__main__":
    main()
