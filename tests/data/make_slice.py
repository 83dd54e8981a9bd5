"""Writes the small committed Fashion-MNIST slice the data tests use: the first 64 training
and 32 test images with their labels, as IDX gz files in the original layout.
Run: python3 tests/data/make_slice.py [/usr/share/datasets/fashion-mnist]"""
import gzip, struct, sys

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
dst = "tests/data/fashion-mnist-slice"
for prefix, n in (("train", 64), ("t10k", 32)):
    for kind, item in (("images-idx3", 784), ("labels-idx1", 1)):
        name = f"{prefix}-{kind}-ubyte.gz"
        with gzip.open(f"{src}/{name}") as f:
            data = f.read()
        ndim = data[3]
        head = bytearray(data[: 4 + 4 * ndim])
        struct.pack_into(">I", head, 4, n)
        body = data[4 + 4 * ndim: 4 + 4 * ndim + n * item]
        # mtime=0 keeps the file bytes reproducible.
        with open(f"{dst}/{name}", "wb") as out, gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as g:
            g.write(bytes(head) + body)
