"""Keras 3 reference values for issue 11's masking and attention layers.

    KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python tests/golden/generate_attention.py

Writes tests/golden/attention.json:
  - `cases`: one layer call each (EinsumDense, Attention, AdditiveAttention,
    MultiHeadAttention, UnitNormalization, GroupNormalization, RMSNormalization,
    masked GlobalAveragePooling1D) with fixed weights: the output (and the attention scores
    when returned), the gradient of sum(output * w) with respect to the float inputs and
    every weight, and the config. `masks` are the masks of the inputs (query, value, key;
    null = none), `call` the other call options.
  - `models`: small compiled models evaluated with masks flowing to the loss and metrics
    (Embedding(mask_zero) → Dense per step; Masking → GlobalAveragePooling1D → Dense).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate as g  # noqa: E402  (sets the backend and the numeric conventions)
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402
from keras.src import backend  # noqa: E402
from keras.src.utils.naming import reset_uids  # noqa: E402


def mask_arr(rows):
    return np.array(rows, dtype=bool)


def attn_case(cid, layer, inputs, masks=None, call=None, positional=False):
    """inputs: list of arrays. masks: list (per input) of bool arrays or None.
    positional: MultiHeadAttention-style call layer(q, v, k) with masks attached to the
    inputs; otherwise layer(inputs) (a list for Attention) with mask=[...]."""
    call = dict(call or {})
    masks = masks or [None] * len(inputs)
    in_j = [jnp.asarray(x) for x in inputs]
    multi = len(inputs) > 1

    def invoke(fn, xs):
        xs = list(xs)
        if positional:
            # stateless_call runs `call`, not `__call__`: give the value/key masks as
            # `__call__` fills them from the inputs; `call` itself reads the query's.
            kw = dict(call)
            for x, m, name in zip(xs, masks, ["query_mask", "value_mask", "key_mask"]):
                if m is not None:
                    backend.set_keras_mask(x, jnp.asarray(m))
                    # GroupQueryAttention's `call` takes the query's mask as an argument too.
                    if name != "query_mask" or isinstance(layer, L.GroupQueryAttention):
                        kw[name] = jnp.asarray(m)
            return fn(*xs, **kw)
        kw = dict(call)
        if any(m is not None for m in masks):
            if multi:
                kw["mask"] = [None if m is None else jnp.asarray(m) for m in masks]
            else:
                kw["mask"] = jnp.asarray(masks[0])
        return fn(xs if multi else xs[0], **kw)

    invoke(layer, in_j)  # build
    weights = layer.weights
    vals = [g.weight_values(cid, w, i) for i, w in enumerate(weights)]
    if weights:
        layer.set_weights(vals)
    tv = [v.value for v in layer.trainable_variables]
    ntv = [v.value for v in layer.non_trainable_variables]

    def run(tvals, xs):
        def fn(*a, **k):
            out, _ = layer.stateless_call(tvals, ntv, *a, **k)
            return out
        return invoke(fn, xs)

    out = run(tv, in_j)
    scores = None
    if isinstance(out, (tuple, list)):
        out, scores = out
    out_np = np.asarray(out)
    wco = g.sinpat(out_np.shape, scale=1.0, freq=0.37, phase=0.2, offset=0.1, decimals=3)
    float_idx = [i for i, x in enumerate(inputs) if not np.issubdtype(np.asarray(x).dtype, np.integer)]

    def objective(fin, tvals):
        xs = list(in_j)
        for k, i in enumerate(float_idx):
            xs[i] = fin[k]
        o = run(tvals, xs)
        if isinstance(o, (tuple, list)):
            o = o[0]
        return jnp.sum(o * jnp.asarray(wco))

    g_in, g_w = jax.grad(objective, argnums=(0, 1))([in_j[i] for i in float_idx], tv)
    grad_inputs = [None] * len(inputs)
    for k, i in enumerate(float_idx):
        grad_inputs[i] = g.tensor(g_in[k])
    tpos = {id(v): k for k, v in enumerate(layer.trainable_variables)}
    case = {
        # The name Keras writes in configs (GroupedQueryAttention is exported as GroupQueryAttention).
        "class_name": keras.saving.serialize_keras_object(layer)["class_name"],
        "case": cid,
        "config": g.clean(layer.get_config()),
        "call": g.clean(call),
        "positional": positional,
        "inputs": [g.tensor(x) for x in inputs],
        "masks": [None if m is None else g.tensor(np.asarray(m, dtype=np.float32)) for m in masks],
        "weights": [{"name": w.name, "path": w.path, **g.tensor(v)} for w, v in zip(weights, vals)],
        "output": g.tensor(out_np),
        "w": g.tensor(wco),
        "grad_inputs": grad_inputs,
        "grad_weights": [g.tensor(g_w[tpos[id(w)]]) if id(w) in tpos else None for w in weights],
    }
    if scores is not None:
        case["scores"] = g.tensor(np.asarray(scores))
    return case


def cases():
    q = g.rnd("att_q", (2, 4, 6), -1, 1)
    v = g.rnd("att_v", (2, 5, 6), -1, 1)
    k = g.rnd("att_k", (2, 5, 6), -1, 1)
    v3 = g.rnd("att_v3", (2, 5, 3), -1, 1)
    qm = mask_arr([[1, 1, 1, 0], [1, 1, 0, 0]])
    vm = mask_arr([[1, 1, 1, 1, 0], [1, 1, 0, 0, 0]])
    x2 = g.rnd("att_x2", (2, 3, 4, 6), -1, 1)
    xs = g.rnd("att_self", (2, 5, 6), -1, 1)
    out = []

    def add(*a, **kw):
        reset_uids()
        print(a[0], flush=True)
        out.append(attn_case(*a, **kw))

    # EinsumDense: MultiHeadAttention's equations and Dense-like ones.
    add("EinsumDense_proj", L.EinsumDense("abc,cde->abde", output_shape=(None, 2, 3), bias_axes="de"), [q])
    add("EinsumDense_out", L.EinsumDense("abcd,cde->abe", output_shape=(None, 5), bias_axes="e", activation="relu"),
        [g.rnd("att_ed", (2, 4, 2, 3), -1, 1)])
    add("EinsumDense_dense", L.EinsumDense("ab,bc->ac", output_shape=4, bias_axes="c"), [g.rnd("att_ed2", (3, 6), -1, 1)])
    add("EinsumDense_nobias", L.EinsumDense("abc,cd->abd", output_shape=(None, 3)), [q])
    add("EinsumDense_bias_b", L.EinsumDense("abc,cd->abd", output_shape=(4, 3), bias_axes="b"), [q])

    # Attention (dot / concat, scale, masks, causal, returned scores).
    add("Attention_dot", L.Attention(), [q, v])
    add("Attention_dot_key", L.Attention(), [q, v3, k])
    add("Attention_scale_masks", L.Attention(use_scale=True), [q, v], masks=[qm, vm])
    add("Attention_concat", L.Attention(score_mode="concat", use_scale=True), [q, v], masks=[None, vm])
    add("Attention_causal_scores", L.Attention(), [xs, xs], call={"use_causal_mask": True, "return_attention_scores": True})
    add("Attention_fully_masked_row", L.Attention(), [q, v], masks=[None, mask_arr([[0, 0, 0, 0, 0], [1, 0, 1, 0, 1]])])
    add("AdditiveAttention", L.AdditiveAttention(), [q, v, k], masks=[qm, vm, None])
    add("AdditiveAttention_noscale_causal", L.AdditiveAttention(use_scale=False), [xs, xs], call={"use_causal_mask": True})

    # MultiHeadAttention.
    add("MHA_self", L.MultiHeadAttention(num_heads=2, key_dim=3), [xs, xs], positional=True)
    # value_dim != key_dim: Keras 3.15 fails on its fused path (jax dot_product_attention), so take the einsum path.
    add("MHA_cross_key", L.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=4), [q, v3, k], positional=True,
        call={"return_attention_scores": True})
    add("MHA_masks", L.MultiHeadAttention(num_heads=2, key_dim=3), [q, v], masks=[qm, vm], positional=True)
    add("MHA_masks_scores", L.MultiHeadAttention(num_heads=2, key_dim=3), [q, v], masks=[qm, vm], positional=True,
        call={"return_attention_scores": True})
    add("MHA_causal", L.MultiHeadAttention(num_heads=2, key_dim=3, output_shape=4), [xs, xs], positional=True,
        call={"use_causal_mask": True})
    add("MHA_causal_mask_scores", L.MultiHeadAttention(num_heads=2, key_dim=3, use_bias=False), [xs, xs],
        masks=[mask_arr([[1, 1, 1, 1, 0], [1, 1, 1, 0, 0]])] * 2, positional=True,
        call={"use_causal_mask": True, "return_attention_scores": True})
    am = np.asarray(g.rnd("att_am", (2, 4, 5), 0, 1) > 0.3)
    am[:, :, 0] = True
    add("MHA_attention_mask", L.MultiHeadAttention(num_heads=2, key_dim=3), [q, v], positional=True,
        call={"attention_mask": am})
    add("MHA_axes_2d", L.MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=(1, 2)), [x2, x2], positional=True)
    add("MHA_gate_window", L.MultiHeadAttention(num_heads=2, key_dim=3, use_gate=True, sliding_window=2), [xs, xs],
        positional=True)

    # GroupQueryAttention: fused (jax dot_product_attention) path unless dropout or scores.
    add("GQA_self", L.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2), [xs, xs], positional=True)
    add("GQA_cross_key_scores", L.GroupQueryAttention(head_dim=2, num_query_heads=2, num_key_value_heads=1), [q, v, k],
        positional=True, call={"return_attention_scores": True})
    add("GQA_masks", L.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2), [q, v], masks=[qm, vm],
        positional=True)
    add("GQA_masks_scores", L.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2), [q, v],
        masks=[qm, vm], positional=True, call={"return_attention_scores": True})
    add("GQA_mqa_causal_nobias", L.GroupQueryAttention(head_dim=2, num_query_heads=3, num_key_value_heads=1, use_bias=False),
        [xs, xs], positional=True, call={"use_causal_mask": True})
    add("GQA_gate_window_mask", L.GroupQueryAttention(head_dim=2, num_query_heads=2, num_key_value_heads=2, use_gate=True,
        sliding_window=2), [q, v], positional=True, call={"attention_mask": am, "use_causal_mask": True})

    # Normalizations.
    add("UnitNormalization", L.UnitNormalization(), [q])
    add("UnitNormalization_axes", L.UnitNormalization(axis=[1, 2]), [q])
    add("GroupNormalization", L.GroupNormalization(groups=3, epsilon=1e-3), [q])
    add("GroupNormalization_axis1", L.GroupNormalization(groups=2, axis=1), [q])
    add("GroupNormalization_instance", L.GroupNormalization(groups=-1, center=False), [q])
    add("RMSNormalization", L.RMSNormalization(), [q])
    add("RMSNormalization_axes", L.RMSNormalization(axis=[1, 2], epsilon=1e-3), [q])

    # Masked pooling.
    add("GlobalAveragePooling1D_masked", L.GlobalAveragePooling1D(), [v], masks=[vm])
    add("GlobalAveragePooling1D_masked_keepdims", L.GlobalAveragePooling1D(keepdims=True), [v], masks=[vm])
    return out


def models():
    """Masks reaching the loss and the metrics (Keras `Loss.__call__` / MeanMetricWrapper)."""
    out = []
    ids = np.array([[3, 1, 4, 0, 0], [2, 5, 0, 0, 0], [1, 1, 1, 1, 2]], dtype=np.int32)
    y_seq = np.array([[0, 1, 2, 1, 0], [2, 2, 1, 0, 1], [1, 0, 0, 2, 2]], dtype=np.int32)
    # Per-step sample weights (Keras 3 cannot broadcast [batch] weights against a [batch, steps] mask).
    sw = g.rnd("mm1_sw", (3, 5), 0, 2)

    reset_uids()
    m = keras.Sequential([keras.Input((5,), dtype="int32"), L.Embedding(6, 4, mask_zero=True), L.Dense(3, activation="softmax")])
    m.set_weights([g.rnd("mm1_emb", (6, 4), -1, 1), g.rnd("mm1_k", (4, 3), -1, 1), g.rnd("mm1_b", (3,), -0.5, 0.5)])
    m.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"], weighted_metrics=["accuracy"])
    r = m.evaluate(ids, y_seq, return_dict=True, verbose=0)
    r_sw = m.evaluate(ids, y_seq, sample_weight=sw, return_dict=True, verbose=0)
    out.append({
        "case": "embedding_mask_zero_sparse_ce", "x": g.tensor(ids), "y": g.tensor(y_seq), "sample_weight": g.tensor(sw),
        "weights": [g.tensor(w) for w in m.get_weights()], "pred": g.tensor(m.predict(ids, verbose=0)),
        "evaluate": {k: g.f32(v) for k, v in r.items()}, "evaluate_sw": {k: g.f32(v) for k, v in r_sw.items()},
    })

    reset_uids()
    x = g.rnd("mm2_x", (3, 4, 2), -1, 1)
    x[0, 2:] = 0.0
    x[1, 1] = 0.0
    y = g.rnd("mm2_y", (3, 4, 1), -1, 1)
    m = keras.Sequential([keras.Input((4, 2)), L.Masking(0.0), L.Dense(1)])
    m.set_weights([g.rnd("mm2_k", (2, 1), -1, 1), g.rnd("mm2_b", (1,), -0.5, 0.5)])
    m.compile(loss="mse", metrics=["mae"])
    r = m.evaluate(x, y, return_dict=True, verbose=0)
    out.append({
        "case": "masking_mse", "x": g.tensor(x), "y": g.tensor(y), "weights": [g.tensor(w) for w in m.get_weights()],
        "pred": g.tensor(m.predict(x, verbose=0)), "evaluate": {k: g.f32(v) for k, v in r.items()},
    })

    reset_uids()
    m = keras.Sequential([keras.Input((4, 2)), L.Masking(0.0), L.GlobalAveragePooling1D(), L.Dense(1)])
    m.set_weights([g.rnd("mm3_k", (2, 1), -1, 1), g.rnd("mm3_b", (1,), -0.5, 0.5)])
    m.compile(loss="mse")
    y3 = g.rnd("mm3_y", (3, 1), -1, 1)
    r = m.evaluate(x, y3, return_dict=True, verbose=0)
    out.append({
        "case": "masking_pool_mse", "x": g.tensor(x), "y": g.tensor(y3), "weights": [g.tensor(w) for w in m.get_weights()],
        "pred": g.tensor(m.predict(x, verbose=0)), "evaluate": {k: g.f32(v) for k, v in r.items()},
    })
    return out


def main():
    doc = {**g.header(), "cases": cases(), "models": models()}
    g.write(os.path.dirname(os.path.abspath(__file__)), "attention.json", doc)


if __name__ == "__main__":
    main()
