"""Dumps an HDF5 file, as h5py reads it, to the JSON shape the kerasm HDF5 tests compare with.

{"<path>": {"kind": "group", "attrs": {...}} | {"kind": "dataset", "shape": [...], "dtype": "...", "data": [...], "attrs": {...}}}
Paths are relative to the root ("" is the root). Attributes: {"dtype", "shape", "value"} with `value` flattened.
Floats that are not finite are written as "nan"/"inf"/"-inf"; 64-bit integers as decimal strings (exact past 2**53).
Usage: python h5dump_json.py FILE  -> prints the JSON on stdout.
"""

import json
import sys

import h5py
import numpy as np


def dtype_name(dt, attrs=None):
    if h5py.check_string_dtype(dt) is not None or dt.kind in ("S", "U", "O"):
        return "string"
    if dt.kind == "b":
        return "bool"
    if attrs is not None and attrs.get("dtype") == "bfloat16" and dt.itemsize == 2 and dt.kind in ("u", "V"):
        return "bfloat16"
    return dt.name


def values(arr, name):
    flat = np.asarray(arr).reshape(-1)
    out = []
    if name == "bfloat16":
        flat = flat.view("<u2")
    for v in flat.tolist() if name not in ("bfloat16",) else flat:
        if name == "string":
            out.append(v.decode("utf-8") if isinstance(v, bytes) else str(v))
        elif name == "bfloat16":
            out.append(float(np.frombuffer(np.array([0, int(v)], "<u2").tobytes(), "<f4")[0]))
        elif name in ("int64", "uint64"):
            out.append(str(int(v)))
        elif name == "bool":
            out.append(1 if v else 0)
        elif isinstance(v, float) and not np.isfinite(v):
            out.append("nan" if np.isnan(v) else ("inf" if v > 0 else "-inf"))
        else:
            out.append(v)
    return out


def attrs_of(obj):
    res = {}
    for k in obj.attrs.keys():
        v = obj.attrs[k]
        if isinstance(v, (str, bytes)):
            res[k] = {"dtype": "string", "shape": [], "value": values(np.array([v], dtype=object), "string")}
            continue
        a = np.asarray(v)
        name = dtype_name(a.dtype)
        res[k] = {"dtype": name, "shape": list(a.shape), "value": values(a, name)}
    return res


def dump(path):
    out = {}
    with h5py.File(path, "r") as f:
        out[""] = {"kind": "group", "attrs": attrs_of(f)}

        def visit(name, obj):
            if isinstance(obj, h5py.Group):
                out[name] = {"kind": "group", "attrs": attrs_of(obj)}
            else:
                attrs = {k: obj.attrs[k] for k in obj.attrs.keys()}
                dname = dtype_name(obj.dtype, attrs)
                data = obj[()]
                out[name] = {"kind": "dataset", "shape": list(obj.shape), "dtype": dname,
                             "data": values(data, dname), "attrs": attrs_of(obj)}

        f.visititems(visit)
    return out


if __name__ == "__main__":
    print(json.dumps(dump(sys.argv[1]), sort_keys=True))
