#!/usr/bin/env python3
"""Reference-value generator for kerasm's golden fixtures.

Runs real Keras 3 on the JAX backend (CPU, float32) and writes one JSON file
per family into tests/golden/.  Every input is deterministic (closed-form
patterns or numpy RandomState with fixed seeds) AND written into the fixture,
so the TypeScript side never has to reproduce an RNG.

Usage (see README.md):
    python3 -m venv /tmp/golden-venv
    /tmp/golden-venv/bin/pip install -r tests/golden/requirements.txt
    /tmp/golden-venv/bin/python tests/golden/generate.py [--out DIR] [--only FAMILY ...]

Number encoding: every float is the exact float32 result, written as the
shortest decimal string that round-trips to that float32 (numpy's float32
repr). Parse it as a JS number and Math.fround() it (or put it straight into a
Float32Array) to recover the bit-exact float32. Non-finite values are written
as the strings "NaN", "Infinity", "-Infinity".
"""

import os

os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
import zlib  # noqa: E402

warnings.filterwarnings("ignore")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

jax.config.update("jax_enable_x64", False)

import keras  # noqa: E402
from keras import ops  # noqa: E402

GENERATOR = "tests/golden/generate.py"
HERE = os.path.dirname(os.path.abspath(__file__))
F32 = np.float32

assert keras.backend.backend() == "jax", keras.backend.backend()
assert keras.backend.floatx() == "float32"
assert keras.backend.epsilon() == 1e-7


# --------------------------------------------------------------------------
# Encoding helpers
# --------------------------------------------------------------------------


def f32(v):
    """One float32 value -> JSON-able python float (or string if non-finite)."""
    v = F32(v)
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    # str(np.float32) is the shortest repr that round-trips to float32.
    return float(str(v))


def to_np(x):
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):
        try:
            return np.asarray(x.numpy())
        except Exception:  # pragma: no cover
            pass
    return np.asarray(x)


def tensor(x, dtype=None):
    """Array -> {"shape", "dtype", "values"} with row-major flat values."""
    a = to_np(x)
    if dtype is None:
        if np.issubdtype(a.dtype, np.integer) or a.dtype == np.bool_:
            dtype = "int32"
        else:
            dtype = "float32"
    flat = a.reshape(-1)
    if dtype == "int32":
        values = [int(v) for v in flat]
    else:
        values = [f32(v) for v in flat.astype(np.float32)]
    return {"shape": [int(d) for d in a.shape], "dtype": dtype, "values": values}


def scalar(x):
    return f32(to_np(x).reshape(()))


def clean(obj):
    """Make keras configs JSON-safe (numpy scalars, tuples, floats)."""
    if isinstance(obj, dict):
        return {str(k): clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        v = float(obj)
        if math.isnan(v) or math.isinf(v):
            return f32(v)
        return v
    if isinstance(obj, np.ndarray):
        return clean(obj.tolist())
    if obj is None or isinstance(obj, str):
        return obj
    if hasattr(obj, "numpy"):
        return clean(np.asarray(obj.numpy()).tolist())
    return str(obj)


def seed_of(name):
    return zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF


def rnd(name, shape, lo=-1.0, hi=1.0, decimals=4):
    """Deterministic uniform values rounded to `decimals` (short in JSON)."""
    rs = np.random.RandomState(seed_of(name))
    v = rs.uniform(lo, hi, size=shape)
    return np.round(v, decimals).astype(F32)


def sinpat(shape, scale=1.0, freq=0.7, phase=1.0, offset=0.0, decimals=4):
    n = int(np.prod(shape)) if len(shape) else 1
    i = np.arange(n, dtype=np.float64)
    v = offset + scale * np.sin(freq * i + phase)
    return np.round(v, decimals).astype(F32).reshape(shape)


def header():
    return {
        "generator": GENERATOR,
        "keras_version": keras.__version__,
        "jax_version": jax.__version__,
        "jaxlib_version": jax.lib.__version__ if hasattr(jax.lib, "__version__") else None,
        "numpy_version": np.__version__,
        "backend": "jax",
        "floatx": "float32",
        "number_encoding": (
            "float32 values as shortest round-trip decimal; "
            "non-finite as strings 'NaN'/'Infinity'/'-Infinity'; "
            "tensors are {shape, dtype, values} with row-major flat values"
        ),
    }


def write(out_dir, fname, doc):
    path = os.path.join(out_dir, fname)
    text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    # one case per line keeps diffs readable without bloating the file
    text = text.replace(',{"name":', ',\n{"name":').replace(
        ',{"class_name":', ',\n{"class_name":'
    ).replace('"cases":[{', '"cases":[\n{')
    with open(path, "w") as f:
        f.write(text)
        f.write("\n")
    size = os.path.getsize(path)
    print(f"wrote {fname}: {len(doc['cases'])} cases, {size} bytes", flush=True)
    return size


# --------------------------------------------------------------------------
# activations.json
# --------------------------------------------------------------------------

ACT_X = np.array(
    [
        [-20.0, -5.0, -3.0, -1.0, -0.5, -1e-3],
        [0.0, 1e-3, 0.5, 1.0, 2.5, 3.0],
        [20.0, 6.0, 5.0, -2.0, 0.25, -0.75],
    ],
    dtype=F32,
)


def gen_activations():
    A = keras.activations
    x = ACT_X
    w = sinpat(x.shape, scale=1.0, freq=0.9, phase=0.3, offset=0.5)
    specs = [
        # (registered name, kwargs, callable, in_brief_list)
        ("relu", {}, A.relu),
        ("relu", {"negative_slope": 0.1}, A.relu),
        ("relu", {"max_value": 4.0}, A.relu),
        ("relu", {"threshold": 0.5}, A.relu),
        ("relu", {"negative_slope": 0.1, "max_value": 4.0, "threshold": 0.5}, A.relu),
        ("leaky_relu", {}, A.leaky_relu),
        ("leaky_relu", {"negative_slope": 0.2}, A.leaky_relu),
        ("leaky_relu", {"negative_slope": 0.01}, A.leaky_relu),
        ("elu", {}, A.elu),
        ("elu", {"alpha": 0.5}, A.elu),
        ("selu", {}, A.selu),
        ("gelu", {}, A.gelu),
        ("gelu", {"approximate": False}, A.gelu),
        ("gelu", {"approximate": True}, A.gelu),
        ("silu", {}, A.silu),
        ("sigmoid", {}, A.sigmoid),
        ("tanh", {}, A.tanh),
        ("softplus", {}, A.softplus),
        ("softsign", {}, A.softsign),
        ("hard_sigmoid", {}, A.hard_sigmoid),
        ("hard_silu", {}, A.hard_silu),
        ("exponential", {}, A.exponential),
        ("linear", {}, A.linear),
        ("relu6", {}, A.relu6),
        ("softmax", {}, A.softmax),
        ("softmax", {"axis": 0}, A.softmax),
        ("log_softmax", {}, A.log_softmax),
        ("log_softmax", {"axis": 0}, A.log_softmax),
        ("mish", {}, A.mish),
        # Extra Keras 3 activations (not in tfjs) for completeness.
        ("celu", {}, A.celu),
        ("squareplus", {}, A.squareplus),
        ("soft_shrink", {}, A.soft_shrink),
        ("sparse_plus", {}, A.sparse_plus),
        ("tanh_shrink", {}, A.tanh_shrink),
        ("hard_tanh", {}, A.hard_tanh),
        ("hard_shrink", {}, A.hard_shrink),
        ("threshold", {"threshold": 0.5, "default_value": -1.0}, A.threshold),
        ("log_sigmoid", {}, A.log_sigmoid),
        ("sparse_sigmoid", {}, A.sparse_sigmoid),
        ("sparsemax", {}, A.sparsemax),
        ("glu", {}, A.glu),
    ]
    # Aliases resolve to the same function.
    assert A.get("swish") is A.silu and A.get("hard_swish") is A.hard_silu
    cases = []
    for name, kwargs, fn in specs:
        assert A.get(name) is fn, name
        xj = jnp.asarray(x)
        y = fn(xj, **kwargs)
        # glu halves the last axis, so its cotangent has the output's shape
        wy = w if np.asarray(y).shape == x.shape else sinpat(
            np.asarray(y).shape, scale=1.0, freq=0.9, phase=0.3, offset=0.5
        )

        def f(xx, fn=fn, kwargs=kwargs, wy=wy):
            return jnp.sum(fn(xx, **kwargs) * jnp.asarray(wy))

        dx = jax.grad(f)(xj)
        cases.append(
            {
                "name": name,
                "kwargs": kwargs,
                "shape": list(x.shape),
                "x": tensor(x),
                "y": tensor(y),
                "dx_given_w": {"w": tensor(wy), "dx": tensor(dx)},
            }
        )
    return {
        **header(),
        "description": (
            "keras.activations.<name>(x, **kwargs) and "
            "dx = d/dx sum(f(x) * w). Activations apply along the last axis "
            "where relevant (softmax/log_softmax/sparsemax/glu, unless axis given)."
        ),
        "cases": cases,
    }


# --------------------------------------------------------------------------
# losses.json
# --------------------------------------------------------------------------


def _probs(name, shape, temp=1.0):
    logits = rnd(name, shape, -2.0, 2.0)
    p = np.exp(logits / temp)
    p = p / p.sum(-1, keepdims=True)
    return np.round(p, 4).astype(F32)


def gen_losses():
    L = keras.losses
    B, C = 4, 3
    sw = np.array([1.0, 0.5, 2.0, 0.0], dtype=F32)

    reg_true = rnd("reg_true", (B, C), -2.0, 2.0)
    reg_pred = rnd("reg_pred", (B, C), -2.0, 2.0)
    pos_true = rnd("pos_true", (B, C), 0.1, 3.0)
    pos_pred = rnd("pos_pred", (B, C), 0.1, 3.0)
    huber_true = np.array(
        [[0.0, 1.0, -1.0], [2.0, -0.5, 0.3], [1.5, 1.5, -3.0], [0.1, 0.2, 0.3]], F32
    )
    huber_pred = np.array(
        [[0.2, -0.6, 0.7], [0.0, 0.5, 0.35], [-1.0, 1.4, 1.0], [0.1, 0.9, -0.45]], F32
    )
    bin_true = np.array(
        [[0, 1, 1], [1, 0, 0], [1, 1, 0], [0, 0, 1]], F32
    )
    bin_prob = rnd("bin_prob", (B, C), 0.02, 0.98)
    bin_logit = rnd("bin_logit", (B, C), -4.0, 4.0)
    bin_prob_edge = np.array(
        [[0.0, 1.0, 0.5], [1.0, 0.0, 1e-9], [0.999, 0.001, 0.3], [0.2, 0.7, 1.0]], F32
    )
    onehot = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]], F32)
    sparse = np.array([1, 0, 2, 1], np.int32)
    cat_prob = _probs("cat_prob", (B, C))
    cat_logit = rnd("cat_logit", (B, C), -3.0, 3.0)
    cat_prob_edge = np.array(
        [[0.5, 0.0, 0.5], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5], [0.0, 1.0, 0.0]], F32
    )
    cat_unnorm = np.array(
        [[1.0, 2.0, 1.0], [0.5, 0.25, 0.25], [3.0, 1.0, 4.0], [0.1, 0.1, 0.2]], F32
    )
    kl_true = _probs("kl_true", (B, C))
    kl_pred = _probs("kl_pred", (B, C))
    hinge_true_pm = np.array(
        [[-1, 1, 1], [1, -1, -1], [1, 1, -1], [-1, -1, 1]], F32
    )
    hinge_pred = rnd("hinge_pred", (B, C), -2.0, 2.0)
    cos_true = rnd("cos_true", (B, C), -1.0, 1.0)
    cos_pred = rnd("cos_pred", (B, C), -1.0, 1.0)

    specs = [
        # (case id, class, kwargs, y_true, y_pred)
        ("MeanSquaredError", L.MeanSquaredError, {}, reg_true, reg_pred),
        ("MeanAbsoluteError", L.MeanAbsoluteError, {}, reg_true, reg_pred),
        ("MeanAbsolutePercentageError", L.MeanAbsolutePercentageError, {}, reg_true, reg_pred),
        ("MeanSquaredLogarithmicError", L.MeanSquaredLogarithmicError, {}, pos_true, pos_pred),
        ("MeanSquaredLogarithmicError_negative_inputs", L.MeanSquaredLogarithmicError, {}, reg_true, reg_pred),
        ("Huber_delta1", L.Huber, {}, huber_true, huber_pred),
        ("Huber_delta0.5", L.Huber, {"delta": 0.5}, huber_true, huber_pred),
        ("LogCosh", L.LogCosh, {}, reg_true, reg_pred),
        ("BinaryCrossentropy", L.BinaryCrossentropy, {}, bin_true, bin_prob),
        ("BinaryCrossentropy_ls0.1", L.BinaryCrossentropy, {"label_smoothing": 0.1}, bin_true, bin_prob),
        ("BinaryCrossentropy_logits", L.BinaryCrossentropy, {"from_logits": True}, bin_true, bin_logit),
        ("BinaryCrossentropy_logits_ls0.1", L.BinaryCrossentropy, {"from_logits": True, "label_smoothing": 0.1}, bin_true, bin_logit),
        ("BinaryCrossentropy_clipping_edge", L.BinaryCrossentropy, {}, bin_true, bin_prob_edge),
        ("CategoricalCrossentropy", L.CategoricalCrossentropy, {}, onehot, cat_prob),
        ("CategoricalCrossentropy_ls0.1", L.CategoricalCrossentropy, {"label_smoothing": 0.1}, onehot, cat_prob),
        ("CategoricalCrossentropy_logits", L.CategoricalCrossentropy, {"from_logits": True}, onehot, cat_logit),
        ("CategoricalCrossentropy_logits_ls0.1", L.CategoricalCrossentropy, {"from_logits": True, "label_smoothing": 0.1}, onehot, cat_logit),
        ("CategoricalCrossentropy_clipping_edge", L.CategoricalCrossentropy, {}, onehot, cat_prob_edge),
        ("CategoricalCrossentropy_unnormalized_probs", L.CategoricalCrossentropy, {}, onehot, cat_unnorm),
        ("CategoricalCrossentropy_soft_targets", L.CategoricalCrossentropy, {}, kl_true, cat_prob),
        ("SparseCategoricalCrossentropy", L.SparseCategoricalCrossentropy, {}, sparse, cat_prob),
        ("SparseCategoricalCrossentropy_logits", L.SparseCategoricalCrossentropy, {"from_logits": True}, sparse, cat_logit),
        ("SparseCategoricalCrossentropy_ytrue_Bx1", L.SparseCategoricalCrossentropy, {}, sparse.reshape(B, 1), cat_prob),
        ("KLDivergence", L.KLDivergence, {}, kl_true, kl_pred),
        ("Poisson", L.Poisson, {}, pos_true, pos_pred),
        ("CosineSimilarity", L.CosineSimilarity, {}, cos_true, cos_pred),
        ("Hinge", L.Hinge, {}, hinge_true_pm, hinge_pred),
        ("Hinge_binary_labels_01", L.Hinge, {}, bin_true, hinge_pred),
        ("SquaredHinge", L.SquaredHinge, {}, hinge_true_pm, hinge_pred),
        ("SquaredHinge_binary_labels_01", L.SquaredHinge, {}, bin_true, hinge_pred),
        ("CategoricalHinge", L.CategoricalHinge, {}, onehot, hinge_pred),
    ]
    cases = []
    for cid, cls, kwargs, yt, yp in specs:
        loss = cls(**kwargs)
        loss_none = cls(**kwargs, reduction=None)
        loss_sum = cls(**kwargs, reduction="sum")
        ytj = jnp.asarray(yt)
        ypj = jnp.asarray(yp)
        val = loss(ytj, ypj)
        per = loss_none(ytj, ypj)
        wval = loss(ytj, ypj, sample_weight=jnp.asarray(sw))
        sval = loss_sum(ytj, ypj)
        g = jax.grad(lambda p: loss(ytj, p))(ypj)
        gw = jax.grad(lambda p: loss(ytj, p, sample_weight=jnp.asarray(sw)))(ypj)
        cases.append(
            {
                "class_name": cls.__name__,
                "case": cid,
                "kwargs": kwargs,
                "config": clean(loss.get_config()),
                "y_true": tensor(yt),
                "y_pred": tensor(yp),
                "sample_weight": tensor(sw),
                "loss": scalar(val),
                "loss_sum": scalar(sval),
                "per_sample": tensor(per),
                "loss_weighted": scalar(wval),
                "grad_y_pred": tensor(g),
                "grad_y_pred_weighted": tensor(gw),
            }
        )
    return {
        **header(),
        "description": (
            "loss = cls(**kwargs)(y_true, y_pred) with default reduction "
            "'sum_over_batch_size'; per_sample with reduction=None; loss_sum with "
            "reduction='sum'; loss_weighted with sample_weight (default reduction); "
            "grad_y_pred = d loss / d y_pred (default reduction, no weights); "
            "grad_y_pred_weighted = d loss_weighted / d y_pred."
        ),
        "cases": cases,
    }


# --------------------------------------------------------------------------
# metrics.json
# --------------------------------------------------------------------------


def gen_metrics():
    M = keras.metrics
    nb = 3
    B, C = 4, 3

    def bin_batches(with_sw):
        out = []
        for i in range(nb):
            yt = np.array([[1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]][i], F32).reshape(B, 1)
            yp = rnd(f"mbin_p{i}", (B, 1), 0.0, 1.0, decimals=3)
            b = {"y_true": yt, "y_pred": yp}
            if with_sw:
                b["sample_weight"] = np.array([1.0, 0.5, 2.0, 0.0], F32) if i == 1 else np.array([1.0, 1.0, 0.25, 3.0], F32)
            out.append(b)
        # include an exact-threshold value (0.5) in the last batch
        out[-1]["y_pred"] = out[-1]["y_pred"].copy()
        out[-1]["y_pred"][0, 0] = 0.5
        return out

    def cat_batches(with_sw, sparse=False):
        out = []
        for i in range(nb):
            labels = np.random.RandomState(seed_of(f"mcat_t{i}")).randint(0, C, size=(B,)).astype(np.int32)
            yp = _probs(f"mcat_p{i}", (B, C), temp=0.7)
            yt = labels if sparse else np.eye(C, dtype=F32)[labels]
            b = {"y_true": yt, "y_pred": yp}
            if with_sw:
                b["sample_weight"] = np.array([1.0, 0.5, 2.0, 0.0], F32) if i == 1 else np.array([1.0, 1.0, 0.25, 3.0], F32)
            out.append(b)
        return out

    def reg_batches(with_sw):
        out = []
        for i in range(nb):
            b = {
                "y_true": rnd(f"mreg_t{i}", (B, C), -2, 2),
                "y_pred": rnd(f"mreg_p{i}", (B, C), -2, 2),
            }
            if with_sw:
                b["sample_weight"] = np.array([1.0, 0.5, 2.0, 0.0], F32) if i == 1 else np.array([1.0, 1.0, 0.25, 3.0], F32)
            out.append(b)
        return out

    def logit_batches():
        out = []
        for i in range(nb):
            labels = np.random.RandomState(seed_of(f"mcatl_t{i}")).randint(0, C, size=(B,)).astype(np.int32)
            out.append({"y_true": labels, "y_pred": rnd(f"mcatl_p{i}", (B, C), -3, 3)})
        return out

    def exact_accuracy_batches():
        # keras.metrics.Accuracy: exact equality of y_true and y_pred
        out = []
        for i in range(nb):
            yt = np.array([[1.0], [2.0], [3.0], [4.0]], F32)
            yp = np.array([[1.0], [2.0 + i], [3.0], [0.0 + i]], F32)
            out.append({"y_true": yt, "y_pred": yp})
        return out

    specs = [
        ("Accuracy", M.Accuracy, {}, exact_accuracy_batches()),
        ("BinaryAccuracy", M.BinaryAccuracy, {}, bin_batches(False)),
        ("BinaryAccuracy_weighted", M.BinaryAccuracy, {}, bin_batches(True)),
        ("BinaryAccuracy_threshold0.7", M.BinaryAccuracy, {"threshold": 0.7}, bin_batches(False)),
        ("CategoricalAccuracy", M.CategoricalAccuracy, {}, cat_batches(False)),
        ("CategoricalAccuracy_weighted", M.CategoricalAccuracy, {}, cat_batches(True)),
        ("SparseCategoricalAccuracy", M.SparseCategoricalAccuracy, {}, cat_batches(False, sparse=True)),
        ("SparseCategoricalAccuracy_weighted", M.SparseCategoricalAccuracy, {}, cat_batches(True, sparse=True)),
        ("TopKCategoricalAccuracy_k2", M.TopKCategoricalAccuracy, {"k": 2}, cat_batches(False)),
        ("SparseTopKCategoricalAccuracy_k2", M.SparseTopKCategoricalAccuracy, {"k": 2}, cat_batches(False, sparse=True)),
        ("Precision", M.Precision, {}, bin_batches(False)),
        ("Precision_weighted", M.Precision, {}, bin_batches(True)),
        ("Precision_thresholds0.3", M.Precision, {"thresholds": 0.3}, bin_batches(False)),
        ("Recall", M.Recall, {}, bin_batches(False)),
        ("Recall_weighted", M.Recall, {}, bin_batches(True)),
        ("AUC_ROC", M.AUC, {}, bin_batches(False)),
        ("AUC_ROC_weighted", M.AUC, {}, bin_batches(True)),
        ("AUC_PR", M.AUC, {"curve": "PR"}, bin_batches(False)),
        ("AUC_ROC_majoring", M.AUC, {"summation_method": "majoring"}, bin_batches(False)),
        ("AUC_ROC_minoring", M.AUC, {"summation_method": "minoring"}, bin_batches(False)),
        ("MeanSquaredError", M.MeanSquaredError, {}, reg_batches(False)),
        ("MeanSquaredError_weighted", M.MeanSquaredError, {}, reg_batches(True)),
        ("MeanAbsoluteError", M.MeanAbsoluteError, {}, reg_batches(False)),
        ("MeanAbsoluteError_weighted", M.MeanAbsoluteError, {}, reg_batches(True)),
        ("RootMeanSquaredError", M.RootMeanSquaredError, {}, reg_batches(False)),
        ("RootMeanSquaredError_weighted", M.RootMeanSquaredError, {}, reg_batches(True)),
        ("BinaryCrossentropy", M.BinaryCrossentropy, {}, bin_batches(False)),
        ("BinaryCrossentropy_weighted", M.BinaryCrossentropy, {}, bin_batches(True)),
        ("CategoricalCrossentropy", M.CategoricalCrossentropy, {}, cat_batches(False)),
        ("CategoricalCrossentropy_weighted", M.CategoricalCrossentropy, {}, cat_batches(True)),
        ("SparseCategoricalCrossentropy", M.SparseCategoricalCrossentropy, {}, cat_batches(False, sparse=True)),
        ("SparseCategoricalCrossentropy_logits", M.SparseCategoricalCrossentropy, {"from_logits": True}, logit_batches()),
        ("Mean", M.Mean, {}, None),
        ("Sum", M.Sum, {}, None),
    ]
    cases = []
    for cid, cls, kwargs, batches in specs:
        # reset keras' auto-name counters so config names ("auc", not "auc_3")
        # do not depend on case order or on which families ran before
        keras.backend.clear_session()
        m = cls(**kwargs)
        rec_batches = []
        results = []
        if batches is None:  # Mean / Sum take `values` only
            for i in range(nb):
                vals = rnd(f"mmean{i}", (B,), -2, 2)
                swv = np.array([1.0, 0.5, 2.0, 0.0], F32) if i == 1 else None
                if swv is None:
                    m.update_state(jnp.asarray(vals))
                    rec_batches.append({"values": tensor(vals)})
                else:
                    m.update_state(jnp.asarray(vals), sample_weight=jnp.asarray(swv))
                    rec_batches.append({"values": tensor(vals), "sample_weight": tensor(swv)})
                results.append(scalar(m.result()))
        else:
            for b in batches:
                args = {}
                if "sample_weight" in b:
                    args["sample_weight"] = jnp.asarray(b["sample_weight"])
                m.update_state(jnp.asarray(b["y_true"]), jnp.asarray(b["y_pred"]), **args)
                rb = {"y_true": tensor(b["y_true"]), "y_pred": tensor(b["y_pred"])}
                if "sample_weight" in b:
                    rb["sample_weight"] = tensor(b["sample_weight"])
                rec_batches.append(rb)
                results.append(scalar(m.result()))
        state = {v.path.split("/")[-1] if hasattr(v, "path") else v.name: tensor(v) for v in m.variables}
        m.reset_state()
        after_reset = scalar(m.result())
        cases.append(
            {
                "class_name": cls.__name__,
                "case": cid,
                "kwargs": kwargs,
                "config": clean(m.get_config()),
                "batches": rec_batches,
                "result_after_each_batch": results,
                "final_state": state,
                "result_after_reset": after_reset,
            }
        )

    # How compile(metrics=["accuracy"]) / loss="crossentropy" resolve.
    from keras.src.trainers import compile_utils

    resolution = []
    for yt_shape, yp_shape in [((4, 1), (4, 1)), ((4,), (4, 3)), ((4, 1), (4, 3)), ((4, 3), (4, 3)), ((4,), (4, 1))]:
        yt = keras.KerasTensor(yt_shape)
        yp = keras.KerasTensor(yp_shape)
        mo = compile_utils.get_metric("accuracy", yt, yp)
        lo = compile_utils.get_loss("crossentropy", yt, yp)
        lfn = getattr(lo, "fn", lo)
        resolution.append(
            {
                "y_true_shape": list(yt_shape),
                "y_pred_shape": list(yp_shape),
                "accuracy_resolves_to": type(mo).__name__,
                "crossentropy_resolves_to": getattr(lfn, "__name__", type(lfn).__name__),
            }
        )
    return {
        **header(),
        "description": (
            "Stateful metrics: m = cls(**kwargs); for each batch "
            "m.update_state(y_true, y_pred[, sample_weight]) then m.result(). "
            "Mean/Sum cases use {values, sample_weight?} batches. "
            "final_state holds the metric variables after the last batch."
        ),
        "string_resolution": resolution,
        "cases": cases,
    }


# --------------------------------------------------------------------------
# lr_schedules.json / optimizers.json
# --------------------------------------------------------------------------

S = keras.optimizers.schedules


def schedule_specs():
    return [
        ("ExponentialDecay", S.ExponentialDecay, {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5}),
        ("ExponentialDecay_staircase", S.ExponentialDecay, {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5, "staircase": True}),
        ("PiecewiseConstantDecay", S.PiecewiseConstantDecay, {"boundaries": [1, 3, 50], "values": [0.1, 0.05, 0.01, 0.001]}),
        ("PolynomialDecay", S.PolynomialDecay, {"initial_learning_rate": 0.1, "decay_steps": 4}),
        ("PolynomialDecay_power2_end0.01", S.PolynomialDecay, {"initial_learning_rate": 0.1, "decay_steps": 4, "end_learning_rate": 0.01, "power": 2.0}),
        ("PolynomialDecay_cycle", S.PolynomialDecay, {"initial_learning_rate": 0.1, "decay_steps": 3, "end_learning_rate": 0.01, "power": 0.5, "cycle": True}),
        ("InverseTimeDecay", S.InverseTimeDecay, {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5}),
        ("InverseTimeDecay_staircase", S.InverseTimeDecay, {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5, "staircase": True}),
        ("CosineDecay", S.CosineDecay, {"initial_learning_rate": 0.1, "decay_steps": 4}),
        ("CosineDecay_alpha0.1", S.CosineDecay, {"initial_learning_rate": 0.1, "decay_steps": 4, "alpha": 0.1}),
        ("CosineDecay_warmup", S.CosineDecay, {"initial_learning_rate": 0.0, "decay_steps": 6, "warmup_target": 0.1, "warmup_steps": 2}),
        ("CosineDecayRestarts", S.CosineDecayRestarts, {"initial_learning_rate": 0.1, "first_decay_steps": 2}),
        ("CosineDecayRestarts_tmul1_mmul0.5_alpha0.1", S.CosineDecayRestarts, {"initial_learning_rate": 0.1, "first_decay_steps": 2, "t_mul": 1.0, "m_mul": 0.5, "alpha": 0.1}),
    ]


SCHED_STEPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 50, 100, 1000]


def gen_lr_schedules():
    cases = []
    for cid, cls, kwargs in schedule_specs():
        s = cls(**kwargs)
        vals = [scalar(s(jnp.asarray(st, dtype="int32"))) for st in SCHED_STEPS]
        cases.append(
            {
                "class_name": cls.__name__,
                "case": cid,
                "kwargs": kwargs,
                "config": clean(s.get_config()),
                "serialized": clean(keras.optimizers.schedules.serialize(s)),
                "steps": SCHED_STEPS,
                "values": vals,
            }
        )
    return {
        **header(),
        "description": "schedule(step) for each listed integer step (the optimizer passes its `iterations` counter, starting at 0).",
        "cases": cases,
    }


OPT_INIT = [
    np.array([[0.5, -0.3], [0.1, 0.8], [-0.6, 0.2]], F32),
    np.array([0.05, -0.1], F32),
]
OPT_NAMES = ["kernel", "bias"]
OPT_STEPS = 5


def opt_grads():
    """Per-step gradients: norms ~1-2 per variable (so clipnorm 0.5 / global
    clipnorm 0.5 / clipvalue 0.1 trigger), with sign changes and one zero."""
    steps = []
    for s in range(OPT_STEPS):
        k = sinpat((3, 2), scale=1.2, freq=1.3, phase=0.4 + s, decimals=3)
        b = sinpat((2,), scale=0.9, freq=2.1, phase=1.1 + 0.7 * s, decimals=3)
        if s == 2:
            k[1, 0] = 0.0
            b[1] = 0.05  # below clipvalue
        steps.append([k, b])
    return steps


def gen_optimizers():
    O = keras.optimizers
    sched = {cid: (cls, kw) for cid, cls, kw in schedule_specs()}

    def mk_sched(cid):
        cls, kw = sched[cid]
        return cls(**kw)

    specs = [
        ("SGD", O.SGD, {}),
        ("SGD_lr0.1", O.SGD, {"learning_rate": 0.1}),
        ("SGD_momentum0.9", O.SGD, {"learning_rate": 0.1, "momentum": 0.9}),
        ("SGD_nesterov", O.SGD, {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
        ("RMSprop", O.RMSprop, {}),
        ("RMSprop_lr0.01", O.RMSprop, {"learning_rate": 0.01}),
        ("RMSprop_centered", O.RMSprop, {"learning_rate": 0.01, "centered": True}),
        ("RMSprop_momentum0.9", O.RMSprop, {"learning_rate": 0.01, "momentum": 0.9}),
        ("RMSprop_centered_momentum", O.RMSprop, {"learning_rate": 0.01, "momentum": 0.5, "centered": True}),
        ("Adagrad", O.Adagrad, {}),
        ("Adagrad_lr0.1", O.Adagrad, {"learning_rate": 0.1}),
        ("Adadelta", O.Adadelta, {}),
        ("Adadelta_lr1", O.Adadelta, {"learning_rate": 1.0}),
        ("Adam", O.Adam, {}),
        ("Adam_lr0.01", O.Adam, {"learning_rate": 0.01}),
        ("Adam_amsgrad", O.Adam, {"learning_rate": 0.01, "amsgrad": True}),
        ("Adam_beta2_0.5", O.Adam, {"learning_rate": 0.01, "beta_2": 0.5}),
        ("Adam_amsgrad_beta2_0.5", O.Adam, {"learning_rate": 0.01, "beta_2": 0.5, "amsgrad": True}),
        ("Adam_eps0.1", O.Adam, {"learning_rate": 0.01, "epsilon": 0.1}),
        ("AdamW_amsgrad_beta2_0.5", O.AdamW, {"learning_rate": 0.01, "amsgrad": True, "beta_2": 0.5}),
        ("AdamW", O.AdamW, {"learning_rate": 0.01}),
        ("AdamW_wd0.1", O.AdamW, {"learning_rate": 0.01, "weight_decay": 0.1}),
        ("Adamax", O.Adamax, {"learning_rate": 0.01}),
        ("Nadam", O.Nadam, {"learning_rate": 0.01}),
        ("Lion", O.Lion, {"learning_rate": 0.01}),
        ("Adam_clipnorm0.5", O.Adam, {"learning_rate": 0.01, "clipnorm": 0.5}),
        ("Adam_clipvalue0.1", O.Adam, {"learning_rate": 0.01, "clipvalue": 0.1}),
        ("Adam_global_clipnorm0.5", O.Adam, {"learning_rate": 0.01, "global_clipnorm": 0.5}),
        ("Adam_weight_decay0.01", O.Adam, {"learning_rate": 0.01, "weight_decay": 0.01}),
        ("SGD_clipnorm0.5", O.SGD, {"learning_rate": 0.1, "clipnorm": 0.5}),
        ("SGD_clipvalue0.1", O.SGD, {"learning_rate": 0.1, "clipvalue": 0.1}),
        ("SGD_global_clipnorm0.5", O.SGD, {"learning_rate": 0.1, "global_clipnorm": 0.5}),
        ("SGD_weight_decay0.1", O.SGD, {"learning_rate": 0.1, "weight_decay": 0.1}),
    ]
    for cid in sched:
        specs.append((f"SGD_{cid}", O.SGD, {"learning_rate": ("schedule", cid)}))
        specs.append((f"Adam_{cid}", O.Adam, {"learning_rate": ("schedule", cid)}))

    grads = opt_grads()
    cases = []
    for cid, cls, kwargs in specs:
        real_kwargs = dict(kwargs)
        rec_kwargs = dict(kwargs)
        if isinstance(kwargs.get("learning_rate"), tuple):
            sid = kwargs["learning_rate"][1]
            real_kwargs["learning_rate"] = mk_sched(sid)
            rec_kwargs["learning_rate"] = {"schedule": sid}
        keras.backend.clear_session()  # default names, independent of order
        opt = cls(**real_kwargs)
        variables = [
            keras.Variable(v.copy(), name=n, dtype="float32") for v, n in zip(OPT_INIT, OPT_NAMES)
        ]
        traj = []
        lrs = []
        for gs in grads:
            lrs.append(scalar(opt.learning_rate))
            opt.apply([jnp.asarray(g) for g in gs], variables)
            traj.append([tensor(v) for v in variables])
        slots = {}
        for v in opt.variables:
            # strip the optimizer-instance prefix ("adam_3/kernel_momentum")
            slots[v.path.split("/", 1)[-1]] = tensor(v)
        cases.append(
            {
                "class_name": cls.__name__,
                "case": cid,
                "kwargs": rec_kwargs,
                "config": clean(opt.get_config()),
                "variable_names": OPT_NAMES,
                "initial": [tensor(v) for v in OPT_INIT],
                "grads_per_step": [[tensor(g) for g in gs] for gs in grads],
                "learning_rate_per_step": lrs,
                "values_after_each_step": traj,
                "final_optimizer_variables": slots,
            }
        )
    return {
        **header(),
        "description": (
            "opt = cls(**config); vars = [keras.Variable(initial[i])]; for each "
            "step s: opt.apply(grads_per_step[s], vars); values_after_each_step[s] "
            "is the list of variable values after that step. "
            "learning_rate_per_step[s] is opt.learning_rate evaluated before step s "
            "(schedule(iterations) with iterations = s)."
        ),
        "cases": cases,
    }


# --------------------------------------------------------------------------
# layers.json
# --------------------------------------------------------------------------

KL = keras.layers


def weight_values(layer_case, wvar, idx):
    """Deterministic weight values for a layer variable."""
    name = wvar.name
    shape = tuple(wvar.shape)
    base = f"{layer_case}/{name}/{idx}"
    if name == "moving_variance":
        return rnd(base, shape, 0.5, 1.5)
    if name == "moving_mean":
        return rnd(base, shape, -0.5, 0.5)
    if name == "gamma":
        return rnd(base, shape, 0.5, 1.5)
    if name in ("embeddings",):
        return rnd(base, shape, -1, 1)
    return rnd(base, shape, -0.5, 0.5)


def weightless_layer_cases(specs):
    """layer_case for each (id, layer, x, call_kwargs) of layers that own no weights (asserted)."""
    from keras.src.utils.naming import reset_uids

    out = []
    for cid, layer, x, kw in specs:
        reset_uids()
        case = layer_case(cid, layer, x, call_kwargs=kw)
        assert not case["weights"], (cid, case["weights"])
        out.append(case)
    return out


def layer_case(cid, layer, inputs, call_kwargs=None, record_state_update=False):
    call_kwargs = dict(call_kwargs or {})
    multi = isinstance(inputs, list)
    in_list = inputs if multi else [inputs]
    in_j = [jnp.asarray(x) for x in in_list]
    # build
    layer(in_j if multi else in_j[0], **call_kwargs)
    weights = layer.weights
    new_vals = []
    for i, w in enumerate(weights):
        new_vals.append(weight_values(cid, w, i))
    if weights:
        layer.set_weights(new_vals)
    weights_rec = [
        {
            "name": w.name,
            "path": w.path,
            "trainable": bool(w.trainable),
            **tensor(v),
        }
        for w, v in zip(weights, new_vals)
    ]

    tv = [v.value for v in layer.trainable_variables]
    ntv = [v.value for v in layer.non_trainable_variables]
    out, new_ntv = layer.stateless_call(tv, ntv, in_j if multi else in_j[0], **call_kwargs)
    out_np = np.asarray(out)
    wco = sinpat(out_np.shape, scale=1.0, freq=0.37, phase=0.2, offset=0.1, decimals=3)

    float_idx = [i for i, x in enumerate(in_list) if not np.issubdtype(np.asarray(x).dtype, np.integer)]

    def is_float(v):
        return jnp.issubdtype(jnp.asarray(v).dtype, jnp.floating)

    all_vars = list(layer.trainable_variables) + list(layer.non_trainable_variables)
    n_tv = len(tv)
    all_vals = tv + ntv
    fvar_idx = [k for k, v in enumerate(all_vals) if is_float(v)]

    def objective(float_inputs, fvals):
        xs = list(in_j)
        for k, i in enumerate(float_idx):
            xs[i] = float_inputs[k]
        vals = list(all_vals)
        for k, j in enumerate(fvar_idx):
            vals[j] = fvals[k]
        o, _ = layer.stateless_call(vals[:n_tv], vals[n_tv:], xs if multi else xs[0], **call_kwargs)
        return jnp.sum(o * jnp.asarray(wco))

    g_in, g_vars = jax.grad(objective, argnums=(0, 1))(
        [in_j[i] for i in float_idx], [all_vals[j] for j in fvar_idx]
    )
    grad_inputs = [None] * len(in_list)
    for k, i in enumerate(float_idx):
        grad_inputs[i] = tensor(g_in[k])
    # map grads back to layer.weights order
    var_pos = {id(v): k for k, v in enumerate(all_vars)}
    g_by_pos = {j: g_vars[k] for k, j in enumerate(fvar_idx)}
    grad_weights = []
    for w in weights:
        g = g_by_pos[var_pos[id(w)]]
        grad_weights.append({"name": w.name, **tensor(g)})

    cfg = clean(layer.get_config())
    case = {
        "class_name": type(layer).__name__,
        "case": cid,
        "config": cfg,
        "call_kwargs": call_kwargs,
        "input_shapes": [list(np.asarray(x).shape) for x in in_list],
        "inputs": [tensor(x, "int32" if np.issubdtype(np.asarray(x).dtype, np.integer) else "float32") for x in in_list],
        "weights": weights_rec,
        "output_shape": list(out_np.shape),
        "output": tensor(out_np),
        "w": tensor(wco),
        "grad_inputs": grad_inputs,
        "grad_weights": grad_weights,
    }
    if record_state_update:
        ntv_list = layer.non_trainable_variables
        case["updated_non_trainable"] = [
            {"name": v.name, **tensor(nv)} for v, nv in zip(ntv_list, new_ntv)
        ]
        # Also run the stateful call and assert identical
        layer(in_j if multi else in_j[0], **call_kwargs)
        for v, nv in zip(ntv_list, new_ntv):
            assert np.array_equal(np.asarray(v.value), np.asarray(nv)), cid
    return case


def gen_layers():
    cases = []
    x24 = rnd("x24", (2, 4), -1, 1)
    x34 = rnd("x34", (3, 4), -2, 2)
    x3d = rnd("x3d", (2, 3, 4), -1, 1)
    x4d = rnd("x4d", (2, 2, 3, 2), -1, 1)
    a34 = rnd("a34", (3, 4), -1, 1)
    b34 = rnd("b34", (3, 4), -1, 1)
    c34 = rnd("c34", (3, 4), -1, 1)
    # distinct magnitudes so Maximum/Minimum have no ties
    a234 = rnd("a234", (2, 3, 4), -1, 1)
    b224 = rnd("b224", (2, 2, 4), -1, 1)
    seq = rnd("seq", (2, 7, 3), -1, 1)  # (batch, steps, channels)
    img = rnd("img", (2, 6, 6, 3), -1, 1)  # NHWC
    img5 = rnd("img5", (2, 5, 5, 2), -1, 1)
    small = rnd("small", (2, 3, 3, 2), -1, 1)

    def add(cid, layer, inputs, **kw):
        cases.append(layer_case(cid, layer, inputs, **kw))

    # ---- core
    add("Dense", KL.Dense(3, name="dense"), x24)
    add("Dense_no_bias", KL.Dense(3, use_bias=False, name="dense"), x24)
    add("Dense_relu", KL.Dense(3, activation="relu", name="dense"), x24)
    add("Dense_softmax", KL.Dense(3, activation="softmax", name="dense"), x24)
    add("Dense_rank3", KL.Dense(2, activation="tanh", name="dense"), x3d)
    add("Activation_relu", KL.Activation("relu", name="act"), x34)
    add("Activation_gelu", KL.Activation("gelu", name="act"), x34)
    add("Activation_softmax", KL.Activation("softmax", name="act"), x34)
    add("LeakyReLU_layer_default", KL.LeakyReLU(name="act"), x34)
    add("ReLU_layer_max6_threshold", KL.ReLU(max_value=6.0, threshold=0.2, negative_slope=0.05, name="act"), x34)
    add("ELU_layer", KL.ELU(name="act"), x34)
    add("Softmax_layer", KL.Softmax(name="act"), x34)
    add("PReLU", KL.PReLU(name="act"), x34)
    add("Dropout_inference", KL.Dropout(0.5, name="dropout"), x34, call_kwargs={"training": False})
    add("Flatten", KL.Flatten(name="flatten"), x4d)
    add("Reshape", KL.Reshape((4, 3), name="reshape"), x3d)
    add("Reshape_infer", KL.Reshape((-1, 2), name="reshape"), x3d)
    add("Permute", KL.Permute((2, 1), name="permute"), x3d)
    add("Permute_3d", KL.Permute((3, 1, 2), name="permute"), x4d)
    add("RepeatVector", KL.RepeatVector(3, name="repeat"), x24)
    add(
        "Embedding",
        KL.Embedding(5, 3, name="embedding"),
        np.array([[0, 1, 4], [3, 3, 2]], np.int32),
    )
    add("LayerNormalization", KL.LayerNormalization(name="ln"), x34)
    add("LayerNormalization_no_center_scale", KL.LayerNormalization(center=False, scale=False, name="ln"), x34)
    add("LayerNormalization_axis_12", KL.LayerNormalization(axis=[1, 2], name="ln"), x3d)
    add("LayerNormalization_rms_scaling", KL.LayerNormalization(rms_scaling=True, name="ln"), x34)
    # ---- merging
    add("Add", KL.Add(name="m"), [a34, b34, c34])
    add("Subtract", KL.Subtract(name="m"), [a34, b34])
    add("Multiply", KL.Multiply(name="m"), [a34, b34, c34])
    add("Average", KL.Average(name="m"), [a34, b34])
    add("Maximum", KL.Maximum(name="m"), [a34, b34, c34])
    add("Minimum", KL.Minimum(name="m"), [a34, b34])
    add("Concatenate_axis-1", KL.Concatenate(axis=-1, name="m"), [a34, b34[:, :2].copy()])
    add("Concatenate_axis1", KL.Concatenate(axis=1, name="m"), [a234, b224])
    add("Dot_axes1", KL.Dot(axes=1, name="m"), [a34, b34])
    add("Dot_axes1_normalize", KL.Dot(axes=1, normalize=True, name="m"), [a34, b34])
    add("Dot_axes_2_2_rank3", KL.Dot(axes=(2, 2), name="m"), [a234, rnd("dotb", (2, 5, 4), -1, 1)])
    # ---- convolutional
    add("Conv1D", KL.Conv1D(4, 3, name="conv"), seq)
    add("Conv1D_same_stride2", KL.Conv1D(2, 3, strides=2, padding="same", name="conv"), seq)
    add("Conv1D_causal_dilation2", KL.Conv1D(2, 2, padding="causal", dilation_rate=2, name="conv"), seq)
    add("Conv2D_valid", KL.Conv2D(4, 3, name="conv"), img)
    add("Conv2D_same", KL.Conv2D(4, 3, padding="same", name="conv"), img)
    add("Conv2D_strides2_valid", KL.Conv2D(2, 3, strides=2, name="conv"), img)
    add("Conv2D_strides2_same", KL.Conv2D(2, 3, strides=2, padding="same", name="conv"), img)
    add("Conv2D_strides2_same_odd", KL.Conv2D(2, 2, strides=2, padding="same", name="conv"), img5)
    add("Conv2D_dilation2", KL.Conv2D(2, 2, dilation_rate=2, name="conv"), img)
    add("Conv2D_relu_no_bias", KL.Conv2D(3, (2, 3), activation="relu", use_bias=False, name="conv"), img)
    add("Conv2DTranspose_valid", KL.Conv2DTranspose(3, 3, name="convt"), small)
    add("Conv2DTranspose_strides2_same", KL.Conv2DTranspose(3, 3, strides=2, padding="same", name="convt"), small)
    add("Conv2DTranspose_strides2_valid", KL.Conv2DTranspose(3, 2, strides=2, name="convt"), small)
    add("DepthwiseConv2D", KL.DepthwiseConv2D(3, name="dw"), img)
    add("DepthwiseConv2D_mult2_same", KL.DepthwiseConv2D(3, depth_multiplier=2, padding="same", name="dw"), img5)
    add("SeparableConv2D", KL.SeparableConv2D(4, 3, name="sep"), img)
    add("SeparableConv2D_same_mult2", KL.SeparableConv2D(3, 3, padding="same", depth_multiplier=2, name="sep"), img5)
    # ---- pooling
    add("MaxPooling1D", KL.MaxPooling1D(name="pool"), seq)
    add("MaxPooling1D_same_pool3_stride2", KL.MaxPooling1D(3, strides=2, padding="same", name="pool"), seq)
    add("AveragePooling1D", KL.AveragePooling1D(2, name="pool"), seq)
    add("AveragePooling1D_same_pool3_stride2", KL.AveragePooling1D(3, strides=2, padding="same", name="pool"), seq)
    add("MaxPooling2D", KL.MaxPooling2D(name="pool"), img)
    add("MaxPooling2D_same_odd", KL.MaxPooling2D(name="pool", padding="same"), img5)
    add("MaxPooling2D_pool3_stride1", KL.MaxPooling2D(3, strides=1, name="pool"), img5)
    add("AveragePooling2D_valid", KL.AveragePooling2D(2, name="pool"), img5)
    add("AveragePooling2D_same", KL.AveragePooling2D(2, name="pool", padding="same"), img5)
    add("AveragePooling2D_pool3_stride2_same", KL.AveragePooling2D(3, strides=2, padding="same", name="pool"), img)
    add("GlobalAveragePooling1D", KL.GlobalAveragePooling1D(name="gp"), seq)
    add("GlobalAveragePooling2D", KL.GlobalAveragePooling2D(name="gp"), img5)
    add("GlobalAveragePooling2D_keepdims", KL.GlobalAveragePooling2D(keepdims=True, name="gp"), img5)
    add("GlobalMaxPooling1D", KL.GlobalMaxPooling1D(name="gp"), seq)
    add("GlobalMaxPooling2D", KL.GlobalMaxPooling2D(name="gp"), img5)
    # ---- normalization
    add("BatchNormalization_inference", KL.BatchNormalization(name="bn"), x34, call_kwargs={"training": False})
    add(
        "BatchNormalization_training",
        KL.BatchNormalization(name="bn"),
        x34,
        call_kwargs={"training": True},
        record_state_update=True,
    )
    add("BatchNormalization_inference_4d", KL.BatchNormalization(name="bn"), small, call_kwargs={"training": False})
    add(
        "BatchNormalization_training_4d_momentum0.9",
        KL.BatchNormalization(momentum=0.9, name="bn"),
        small,
        call_kwargs={"training": True},
        record_state_update=True,
    )
    add(
        "BatchNormalization_training_no_center_scale",
        KL.BatchNormalization(center=False, scale=False, name="bn"),
        x34,
        call_kwargs={"training": True},
        record_state_update=True,
    )
    # ---- reshaping
    add("ZeroPadding2D", KL.ZeroPadding2D(name="pad"), small)
    add("ZeroPadding2D_asym", KL.ZeroPadding2D(((1, 0), (2, 1)), name="pad"), small)
    add("Cropping2D", KL.Cropping2D(((1, 0), (2, 1)), name="crop"), img5)
    add("Cropping2D_sym", KL.Cropping2D(1, name="crop"), img5)
    add("UpSampling2D_nearest", KL.UpSampling2D(name="up"), small)
    add("UpSampling2D_nearest_2x3", KL.UpSampling2D((2, 3), name="up"), small)
    add("UpSampling2D_bilinear", KL.UpSampling2D(interpolation="bilinear", name="up"), small)
    add("UpSampling2D_bilinear_3x2", KL.UpSampling2D((3, 2), interpolation="bilinear", name="up"), small)
    return {
        **header(),
        "description": (
            "Layer built by calling it on `inputs`, then set_weights(weights values "
            "in layer.weights order). output = layer(inputs, **call_kwargs). "
            "grad_inputs[i] = d/d inputs[i] sum(output * w) (null for integer "
            "inputs); grad_weights[j] = d/d weights[j] of the same objective. "
            "Data format is channels_last everywhere. updated_non_trainable "
            "(BatchNormalization training cases) are the moving statistics after "
            "exactly one call."
        ),
        "cases": cases,
    }


# --------------------------------------------------------------------------
# initializers.json
# --------------------------------------------------------------------------


def gen_initializers():
    I = keras.initializers
    shape = (64, 32)
    cases = []

    def fans(shp):
        if len(shp) == 2:
            return shp[0], shp[1]
        rf = int(np.prod(shp[:-2]))
        return shp[-2] * rf, shp[-1] * rf

    def vs_expect(scale, mode, distribution, shp):
        fi, fo = fans(shp)
        n = {"fan_in": fi, "fan_out": fo, "fan_avg": (fi + fo) / 2.0}[mode]
        s = scale / max(1.0, n)
        d = {"fan_in": fi, "fan_out": fo, "n": n, "scale_over_n": s, "mean": 0.0}
        if distribution == "uniform":
            lim = math.sqrt(3.0 * s)
            d.update({"distribution": "uniform", "minval": -lim, "maxval": lim, "limit": lim, "std": lim / math.sqrt(3.0)})
        elif distribution == "truncated_normal":
            sd = math.sqrt(s) / 0.87962566103423978
            d.update({"distribution": "truncated_normal", "stddev_param": sd, "std": math.sqrt(s), "truncate_at": [-2 * sd, 2 * sd]})
        else:
            d.update({"distribution": "normal", "stddev_param": math.sqrt(s), "std": math.sqrt(s)})
        return d

    def observed(vals):
        v = np.asarray(vals, np.float64)
        return {"mean": float(v.mean()), "std": float(v.std()), "min": float(v.min()), "max": float(v.max())}

    var_specs = [
        ("GlorotUniform", I.GlorotUniform, {}, (1.0, "fan_avg", "uniform"), shape),
        ("GlorotNormal", I.GlorotNormal, {}, (1.0, "fan_avg", "truncated_normal"), shape),
        ("HeUniform", I.HeUniform, {}, (2.0, "fan_in", "uniform"), shape),
        ("HeNormal", I.HeNormal, {}, (2.0, "fan_in", "truncated_normal"), shape),
        ("LecunUniform", I.LecunUniform, {}, (1.0, "fan_in", "uniform"), shape),
        ("LecunNormal", I.LecunNormal, {}, (1.0, "fan_in", "truncated_normal"), shape),
        ("VarianceScaling", I.VarianceScaling, {}, (1.0, "fan_in", "truncated_normal"), shape),
        ("VarianceScaling_fan_out_uniform", I.VarianceScaling, {"scale": 2.0, "mode": "fan_out", "distribution": "uniform"}, (2.0, "fan_out", "uniform"), shape),
        ("VarianceScaling_fan_avg_untruncated", I.VarianceScaling, {"scale": 0.5, "mode": "fan_avg", "distribution": "untruncated_normal"}, (0.5, "fan_avg", "untruncated_normal"), shape),
        ("GlorotUniform_conv_kernel", I.GlorotUniform, {}, (1.0, "fan_avg", "uniform"), (3, 3, 4, 8)),
        ("HeNormal_conv1d_kernel", I.HeNormal, {}, (2.0, "fan_in", "truncated_normal"), (5, 3, 6)),
    ]
    for cid, cls, kw, (sc, mode, dist), shp in var_specs:
        init = cls(seed=1234, **kw)
        vals = np.asarray(init(shp, dtype="float32"))
        cases.append(
            {
                "class_name": cls.__name__,
                "case": cid,
                "kwargs": kw,
                "config": clean(init.get_config()),
                "shape": list(shp),
                "deterministic": False,
                "expected": vs_expect(sc, mode, dist, shp),
                "observed_keras_jax_seed1234": observed(vals),
            }
        )
    rand_specs = [
        ("RandomUniform", I.RandomUniform, {}, {"distribution": "uniform", "minval": -0.05, "maxval": 0.05, "mean": 0.0, "std": 0.1 / math.sqrt(12.0)}),
        ("RandomUniform_-1_2", I.RandomUniform, {"minval": -1.0, "maxval": 2.0}, {"distribution": "uniform", "minval": -1.0, "maxval": 2.0, "mean": 0.5, "std": 3.0 / math.sqrt(12.0)}),
        ("RandomNormal", I.RandomNormal, {}, {"distribution": "normal", "mean": 0.0, "stddev_param": 0.05, "std": 0.05}),
        ("RandomNormal_mean1_std2", I.RandomNormal, {"mean": 1.0, "stddev": 2.0}, {"distribution": "normal", "mean": 1.0, "stddev_param": 2.0, "std": 2.0}),
        (
            "TruncatedNormal",
            I.TruncatedNormal,
            {},
            {"distribution": "truncated_normal", "mean": 0.0, "stddev_param": 0.05, "std": 0.05 * 0.87962566103423978, "truncate_at": [-0.1, 0.1]},
        ),
    ]
    for cid, cls, kw, exp in rand_specs:
        init = cls(seed=1234, **kw)
        vals = np.asarray(init(shape, dtype="float32"))
        cases.append(
            {
                "class_name": cls.__name__,
                "case": cid,
                "kwargs": kw,
                "config": clean(init.get_config()),
                "shape": list(shape),
                "deterministic": False,
                "expected": exp,
                "observed_keras_jax_seed1234": observed(vals),
            }
        )
    # Orthogonal: property check
    for cid, kw, shp in [
        ("Orthogonal", {}, (64, 32)),
        ("Orthogonal_gain2", {"gain": 2.0}, (64, 32)),
        ("Orthogonal_wide", {}, (32, 64)),
        ("Orthogonal_conv", {}, (3, 3, 4, 8)),
    ]:
        init = I.Orthogonal(seed=1234, **kw)
        vals = np.asarray(init(shp, dtype="float32"), np.float64)
        g = kw.get("gain", 1.0)
        flat = vals.reshape(-1, shp[-1])
        rows, cols = flat.shape
        if rows >= cols:
            gram = flat.T @ flat
            prop = "W^T W = gain^2 * I (columns orthonormal * gain), W reshaped to (prod(shape[:-1]), shape[-1])"
        else:
            gram = flat @ flat.T
            prop = "W W^T = gain^2 * I (rows orthonormal * gain), W reshaped to (prod(shape[:-1]), shape[-1])"
        err = float(np.abs(gram - g * g * np.eye(gram.shape[0])).max())
        cases.append(
            {
                "class_name": "Orthogonal",
                "case": cid,
                "kwargs": kw,
                "config": clean(init.get_config()),
                "shape": list(shp),
                "deterministic": False,
                "expected": {"property": prop, "gain": g, "gram_size": int(gram.shape[0])},
                "observed_keras_jax_seed1234": {**observed(vals), "max_abs_gram_error": err},
            }
        )
    # Deterministic ones: exact outputs.
    det_shape = (3, 4)
    for cid, init, shp in [
        ("Zeros", I.Zeros(), det_shape),
        ("Ones", I.Ones(), det_shape),
        ("Constant", I.Constant(0.37), det_shape),
        ("Identity", I.Identity(), det_shape),
        ("Identity_gain2_square", I.Identity(gain=2.0), (3, 3)),
        ("Identity_tall", I.Identity(), (4, 3)),
    ]:
        vals = init(shp, dtype="float32")
        cases.append(
            {
                "class_name": type(init).__name__,
                "case": cid,
                "kwargs": clean({k: v for k, v in init.get_config().items()}),
                "config": clean(init.get_config()),
                "shape": list(shp),
                "deterministic": True,
                "output": tensor(vals),
            }
        )
    return {
        **header(),
        "description": (
            "RNG streams differ between Keras/JAX and kerasm, so random "
            "initializers are compared only by statistics/formulas in "
            "`expected` (fan_in/fan_out per keras compute_fans, limit/std). "
            "`observed_keras_jax_seed1234` is what Keras itself produced with "
            "seed=1234 for orientation only. Deterministic initializers have "
            "exact `output`."
        ),
        "cases": cases,
    }


# --------------------------------------------------------------------------
# training.json
# --------------------------------------------------------------------------


def gen_training():
    x = np.round(
        np.stack(
            [np.sin(np.arange(8) * 0.9 + 0.1), np.cos(np.arange(8) * 0.7), np.arange(8) / 8.0 - 0.4],
            axis=1,
        ),
        4,
    ).astype(F32)
    y = np.array([0, 1, 2, 1, 0, 2, 1, 0], np.int32)
    init = {
        "dense_1/kernel": rnd("t_k1", (3, 4), -0.8, 0.8),
        "dense_1/bias": np.array([0.01, -0.02, 0.03, 0.0], F32),
        "dense_2/kernel": rnd("t_k2", (4, 3), -0.8, 0.8),
        "dense_2/bias": np.array([0.0, 0.05, -0.05], F32),
    }

    def build():
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        model = keras.Sequential(
            [
                keras.Input((3,)),
                KL.Dense(4, activation="relu", name="dense_1"),
                KL.Dense(3, activation="softmax", name="dense_2"),
            ],
            name="golden_mlp",
        )
        model.set_weights([init[k] for k in ["dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias"]])
        return model

    model = build()
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.1),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )

    batch_logs = []
    batch_weights = []

    class Rec(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            batch_logs.append({k: f32(v) for k, v in (logs or {}).items()})
            batch_weights.append([tensor(w) for w in self.model.get_weights()])

    pre_eval = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    hist = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0, callbacks=[Rec()])
    post_eval = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    preds = model.predict(x, batch_size=4, verbose=0)
    final = model.get_weights()

    # Independent manual re-computation (pure jax) to confirm semantics:
    # per-batch mean SCE loss, plain SGD, epoch loss = mean of batch losses
    # weighted by batch size.
    def fwd(p, xb):
        h = jax.nn.relu(xb @ p[0] + p[1])
        return jax.nn.softmax(h @ p[2] + p[3])

    def loss_fn(p, xb, yb):
        pr = fwd(p, xb)
        pr = pr / jnp.sum(pr, -1, keepdims=True)
        pr = jnp.clip(pr, 1e-7, 1 - 1e-7)
        return -jnp.mean(jnp.log(pr[jnp.arange(xb.shape[0]), yb]))

    p = [jnp.asarray(init[k]) for k in ["dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias"]]
    manual_epoch_loss = []
    for _ in range(2):
        ls = []
        for b in range(2):
            xb = jnp.asarray(x[b * 4:(b + 1) * 4])
            yb = jnp.asarray(y[b * 4:(b + 1) * 4])
            l, g = jax.value_and_grad(loss_fn)(p, xb, yb)
            ls.append(float(l))
            p = [pi - F32(0.1) * gi for pi, gi in zip(p, g)]
        manual_epoch_loss.append(sum(ls) / len(ls))
    max_w_diff = max(float(np.abs(np.asarray(a) - np.asarray(b)).max()) for a, b in zip(p, final))
    assert max_w_diff < 1e-5, max_w_diff
    assert all(abs(a - b) < 1e-5 for a, b in zip(manual_epoch_loss, hist.history["loss"])), (manual_epoch_loss, hist.history)

    case = {
        "name": "mlp_dense4relu_dense3softmax_sgd",
        "model": {
            "layers": [
                {"class_name": "Dense", "units": 4, "activation": "relu", "name": "dense_1"},
                {"class_name": "Dense", "units": 3, "activation": "softmax", "name": "dense_2"},
            ],
            "input_shape": [None, 3],
        },
        "model_config": clean(model.get_config()),
        "compile": {
            "optimizer": clean(model.optimizer.get_config()),
            "loss": "sparse_categorical_crossentropy",
            "metrics": ["accuracy"],
            "accuracy_resolved_to": "SparseCategoricalAccuracy (y_true rank 1 < y_pred rank 2)",
        },
        "fit": {"batch_size": 4, "epochs": 2, "shuffle": False},
        "x": tensor(x),
        "y": tensor(y, "int32"),
        "initial_weights": [{"name": k, **tensor(v)} for k, v in init.items()],
        "evaluate_before": {k: f32(v) for k, v in pre_eval.items()},
        "history": {k: [f32(v) for v in vs] for k, vs in hist.history.items()},
        "batch_end_logs": batch_logs,
        "weights_after_each_batch": batch_weights,
        "final_weights": [{"name": k, **tensor(v)} for k, v in zip(init.keys(), final)],
        "evaluate_after": {k: f32(v) for k, v in post_eval.items()},
        "predict_after": tensor(preds),
    }
    return {
        **header(),
        "description": (
            "Sequential([Input((3,)), Dense(4, relu), Dense(3, softmax)]) with "
            "explicit initial weights; compile(SGD(0.1), "
            "'sparse_categorical_crossentropy', ['accuracy']); fit(x, y, "
            "batch_size=4, epochs=2, shuffle=False). history holds per-epoch "
            "values; batch_end_logs are the logs seen by on_train_batch_end "
            "(running averages over the epoch so far)."
        ),
        "cases": [case],
    }


# --------------------------------------------------------------------------

FAMILIES = {
    "activations": ("activations.json", gen_activations),
    "losses": ("losses.json", gen_losses),
    "metrics": ("metrics.json", gen_metrics),
    "lr_schedules": ("lr_schedules.json", gen_lr_schedules),
    "optimizers": ("optimizers.json", gen_optimizers),
    "layers": ("layers.json", gen_layers),
    "initializers": ("initializers.json", gen_initializers),
    "training": ("training.json", gen_training),
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=HERE, help="output directory (default: tests/golden)")
    ap.add_argument("--only", nargs="*", choices=sorted(FAMILIES), help="only these families")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    fams = args.only or list(FAMILIES)
    for fam in fams:
        fname, fn = FAMILIES[fam]
        doc = fn()
        size = write(args.out, fname, doc)
        if size > 1_500_000:
            print(f"WARNING: {fname} is {size} bytes (> 1.5 MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
