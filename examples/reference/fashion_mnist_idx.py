"""Fashion-MNIST from the IDX gz files kerasm's datasets.fashionMnist reads
($KERASM_FASHION_MNIST or the Debian package's /usr/share/datasets/fashion-mnist), for the
Keras reference scripts (examples/reference, bench/reference)."""
import gzip
import os

import numpy as np

FOLDER = os.environ.get("KERASM_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(folder=FOLDER, image_shape=(28, 28, 1)):
    """(x_train, y_train, x_test, y_test): pixels ÷ 255 as float32 in `image_shape`, labels int32."""
    get = lambda name: read_idx(os.path.join(folder, name))  # noqa: E731
    images = lambda name: (get(name).astype("float32") / 255.0).reshape((-1, *image_shape))  # noqa: E731
    return (images("train-images-idx3-ubyte.gz"), get("train-labels-idx1-ubyte.gz").astype("int32"),
            images("t10k-images-idx3-ubyte.gz"), get("t10k-labels-idx1-ubyte.gz").astype("int32"))
