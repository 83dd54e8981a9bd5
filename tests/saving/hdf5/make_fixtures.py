"""Writes the HDF5 fixtures the kerasm HDF5 reader is tested against, with real h5py (and Keras 3 for the
weights files), plus `<fixture>.json`: what h5py itself reads back (h5dump_json.py format).

Run with the pinned venv:  KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python tests/saving/hdf5/make_fixtures.py
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import h5py  # noqa: E402
import numpy as np  # noqa: E402

from h5dump_json import dump  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
VSTR = h5py.string_dtype("utf-8")


def every_kind(f):
    """Datasets of every dtype and attributes of every kind, in a small nested tree."""
    f.attrs["vstr"] = "héllo wörld"
    f.attrs["vstr_list"] = np.array(["alpha", "", "γάμμα"], dtype=VSTR)
    f.attrs["fstr"] = np.bytes_(b"fixed")
    f.attrs["fstr_list"] = np.array([b"ab", b"cde", b""], dtype="S4")
    f.attrs["int"] = np.int64(-42)
    f.attrs["i32_list"] = np.array([1, -2, 3], dtype="<i4")
    f.attrs["f64"] = 2.5
    f.attrs["f32_list"] = np.array([0.1, -1.5], dtype="<f4")
    f.attrs["flag"] = np.bool_(True)
    f.attrs["u8_2d"] = np.arange(6, dtype="u1").reshape(2, 3)
    d = f.create_group("data")
    rng = np.random.RandomState(0)
    d["f32"] = rng.randn(3, 4).astype("<f4")
    d["f64"] = rng.randn(5).astype("<f8")
    d["f16"] = np.array([0, 1, -2.5, 65504, 6e-8, np.inf, -np.inf, np.nan, 1 / 3], dtype="<f2")
    d["f32_special"] = np.array([np.nan, np.inf, -0.0, 1e-45], dtype="<f4")
    d["big_f32"] = np.array([1.0, 2.0, 3.0], dtype=">f4")
    d["big_i32"] = np.array([1, -2, 70000], dtype=">i4")
    for t in ("i1", "i2", "i4", "u1", "u2", "u4"):
        info = np.iinfo(t)
        d[t] = np.array([info.min, 0, 1, info.max], dtype="<" + t)
    d["i8"] = np.array([-(2**63), -1, 2**53 + 1, 2**63 - 1], dtype="<i8")
    d["u8"] = np.array([0, 1, 2**64 - 1], dtype="<u8")
    d["bool"] = np.array([True, False, True])
    d["scalar_f32"] = np.float32(3.25)
    d["scalar_i32"] = np.int32(7)
    d["empty"] = np.zeros((0, 3), dtype="<f4")
    d["vstrs"] = np.array(["one", "two", "", "ünïcode"], dtype=VSTR)
    d["fstrs"] = np.array([b"abc", b"de", b"f"], dtype="S3")
    d["scalar_vstr"] = np.array("just one", dtype=VSTR)
    d["f32"].attrs["units"] = "m/s"
    # Compact layout (data inside the object header): only through the low-level API.
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_layout(h5py.h5d.COMPACT)
    ds = h5py.h5d.create(d.id, b"compact", h5py.h5t.STD_I32LE, h5py.h5s.create_simple((2, 2)), dcpl=dcpl)
    ds.write(h5py.h5s.ALL, h5py.h5s.ALL, np.array([[1, -2], [3, -4]], dtype="<i4"))
    f.create_group("ünïcödé").attrs["ключ"] = "значение"
    k = f.create_group("layers/dense/vars")
    k.attrs["name"] = "dense"
    k["0"] = np.arange(12, dtype="<f4").reshape(3, 4) / 8
    k["1"] = np.zeros(4, dtype="<f4")
    f.create_group("layers/dropout/vars").attrs["name"] = "dropout"
    f.create_group("empty_group")


def write(name, fill, expected=True, **kw):
    path = os.path.join(OUT, name)
    with h5py.File(path, "w", **kw) as f:
        fill(f)
    if expected:
        with open(path + ".json", "w") as fh:
            json.dump(dump(path), fh, sort_keys=True)
    print(f"{name}: {os.path.getsize(path)} bytes")


def chunked(f):
    rng = np.random.RandomState(1)
    f.create_dataset("gzip_shuffle", data=rng.randn(20, 30).astype("<f4"), chunks=(6, 7), compression="gzip",
                     compression_opts=4, shuffle=True)
    f.create_dataset("gzip_only", data=np.arange(100, dtype="<i8").reshape(10, 10), chunks=(4, 4), compression="gzip")
    f.create_dataset("plain", data=np.arange(50, dtype="<f8"), chunks=(8,))
    f.create_dataset("fletcher", data=np.arange(40, dtype="<i2"), chunks=(16,), fletcher32=True)
    # 200 chunks: more than one v1 B-tree node (2K = 64 entries) so the index has an internal level.
    f.create_dataset("many_chunks", data=np.arange(800, dtype="<f4"), chunks=(4,), compression="gzip")
    f.create_dataset("partial", shape=(10,), dtype="<f4", chunks=(3,), fillvalue=-1.0)
    f["partial"][0:3] = [1, 2, 3]
    f.create_dataset("vstr_chunked", data=np.array(["a", "bb", "ccc"] * 3, dtype=VSTR), chunks=(4,))


def resizable(f):
    """Unlimited max shape: a v1 B-tree chunk index by default, an extensible array with libver='latest'."""
    f.create_dataset("resizable", data=np.arange(10, dtype="<f4"), maxshape=(None,), chunks=(4,))
    f.attrs["note"] = "user block before the superblock"
    # libver='latest': extensible array with 600 chunks (index block, its data blocks, then super blocks),
    # filtered, with the unlimited dimension second, and two unlimited dimensions (version 2 B-tree index).
    f.create_dataset("ea_many", data=np.arange(600, dtype="<i2"), maxshape=(None,), chunks=(1,))
    f.create_dataset("ea_gzip", data=np.arange(90, dtype="<f8").reshape(30, 3), maxshape=(None, 3), chunks=(4, 2),
                     compression="gzip", shuffle=True)
    f.create_dataset("ea_second", data=np.arange(21, dtype="<i4").reshape(3, 7), maxshape=(3, None), chunks=(2, 3))
    f.create_dataset("bt2", data=np.arange(35, dtype="<f4").reshape(5, 7), maxshape=(None, None), chunks=(2, 3))
    f.create_dataset("bt2_gzip", data=np.arange(35, dtype="<f4").reshape(5, 7), maxshape=(None, None), chunks=(2, 3),
                     compression="gzip")


def resizable_and_paged(f):
    resizable(f)
    # 1100 chunks: the fixed-array index of a fixed-size dataset is paged (1024 entries per page).
    f.create_dataset("fa_paged", data=(np.arange(1100) % 251).astype("u1"), chunks=(1,))


def unsupported(f):
    """A filter kerasm does not decode (h5py's LZF): reading must say which."""
    f.create_dataset("lzf", data=np.zeros(256, dtype="<f4"), chunks=(64,), compression="lzf")


def odd_attrs(f):
    """Attributes of types kerasm does not decode (compound, object reference) are skipped, the rest read."""
    f.attrs["complex"] = np.complex64(1 + 2j)
    f.attrs["ok"] = "yes"
    x = f.create_dataset("x", data=np.arange(3, dtype="<f4"))
    x.attrs["ref"] = f["x"].ref
    x.attrs["units"] = "m"


def compound(f):
    f["pairs"] = np.array([(1, 2.5)], dtype=[("a", "<i4"), ("b", "<f4")])


def many(f):
    g = f.create_group("many")
    for i in range(104):
        g[f"item_{i:03d}"] = np.int32(i)
    for i in range(3):
        f.create_group(f"grp_{i:02d}").attrs["i"] = i


def keras_files():
    import keras

    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"), keras.layers.Dropout(0.1),
                              keras.layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    x = np.linspace(-1, 1, 16, dtype="float32").reshape(4, 4)
    model.fit(x, np.ones((4, 2), "float32"), epochs=1, verbose=0)
    bf16 = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, dtype="bfloat16"), keras.layers.Dense(2)])
    path = os.path.join(OUT, "keras_bf16.weights.h5")
    bf16.save_weights(path)
    with open(path + ".json", "w") as fh:
        json.dump(dump(path), fh, sort_keys=True)
    print(f"keras_bf16.weights.h5: {os.path.getsize(path)} bytes")
    for name in ("keras.weights.h5", "keras_legacy.h5"):
        path = os.path.join(OUT, name)
        if name.endswith(".weights.h5"):
            model.save_weights(path)
        else:
            model.save(path)
        with open(path + ".json", "w") as fh:
            json.dump(dump(path), fh, sort_keys=True)
        print(f"{name}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write("default.h5", every_kind)
    write("latest.h5", every_kind, libver="latest")
    write("chunked.h5", chunked)
    write("chunked_latest.h5", chunked, libver="latest")
    write("resizable.h5", resizable, userblock_size=512)
    write("resizable_latest.h5", resizable_and_paged, libver="latest")
    write("unsupported.h5", unsupported, expected=False)
    write("odd_attrs.h5", odd_attrs, expected=False)
    write("compound.h5", compound, expected=False)
    write("many.h5", many)
    write("many_latest.h5", many, libver="latest")
    keras_files()
