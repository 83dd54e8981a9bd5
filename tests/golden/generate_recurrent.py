"""Keras 3 reference values for the recurrent layers of issue 11 (SimpleRNN, LSTM, GRU, RNN over
cells, StackedRNNCells, Bidirectional, TimeDistributed).

Each case builds the layer, sets deterministic weights, and records for fixed inputs (and, where
the case has them, a [batch, time] mask and initial states):
  - every output (return_state gives several) in inference mode,
  - the gradient of sum_i sum(output_i * w_i) (fixed patterns w_i) with respect to the input,
    the initial states and every weight, in `layer.weights` order,
  - the config.
Stateful cases record two consecutive calls (the second starts from the first's final states).

    KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python tests/golden/generate_recurrent.py

Writes tests/golden/recurrent.json.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate as g  # noqa: E402  (sets the backend and the numeric conventions)
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers as L  # noqa: E402
from keras.src.utils.naming import reset_uids  # noqa: E402

B, T, F, U = 2, 5, 3, 4


def mask_of(rows):
    return np.array(rows, dtype=bool)


# Step 0 masked for one sample (exercises the initial-state carry), trailing padding for the other.
MASK = mask_of([[0, 1, 1, 0, 1], [1, 1, 1, 0, 0]])


def case(cid, layer, x, mask=None, initial_state=None, calls=1):
    reset_uids()
    xj = jnp.asarray(x)
    kw = {}
    if mask is not None:
        kw["mask"] = jnp.asarray(mask)
    init = [jnp.asarray(s) for s in initial_state] if initial_state is not None else None
    if init is not None:
        kw["initial_state"] = init
    layer(xj, **kw)  # build
    weights = layer.weights
    vals = [g.weight_values(cid, w, i) for i, w in enumerate(weights)]
    # Recurrent kernels are kept small enough that 5 steps stay in the smooth range of tanh/σ.
    layer.set_weights(vals)
    if getattr(layer, "stateful", False):
        layer.reset_states()
    tv = [v.value for v in layer.trainable_variables]
    ntv = [v.value for v in layer.non_trainable_variables]

    def run(xv, states, tvals):
        k = dict(kw)
        if states is not None:
            k["initial_state"] = states
        out, _ = layer.stateless_call(tvals, ntv, xv, **k)
        # Nested states (stacked cells) flatten cell by cell, as kerasm returns them.
        return jax.tree_util.tree_leaves(out)

    outs = run(xj, init, tv)
    ws = [g.sinpat(o.shape, freq=0.37 + 0.1 * i, phase=0.2 + i, offset=0.1, decimals=3) for i, o in enumerate(outs)]

    def objective(xv, states, tvals):
        return sum(jnp.sum(o * jnp.asarray(w)) for o, w in zip(run(xv, states, tvals), ws))

    gx, gs, gw = jax.grad(objective, argnums=(0, 1, 2))(xj, init, tv)
    pos = {id(v): k for k, v in enumerate(layer.trainable_variables)}
    rec = {
        "class_name": type(layer).__name__,
        "case": cid,
        "config": g.clean(layer.get_config()),
        "x": g.tensor(x),
        "mask": None if mask is None else g.tensor(mask.astype(np.float32)),
        "initial_state": None if init is None else [g.tensor(s) for s in init],
        "weights": [{"name": w.name, "path": w.path, **g.tensor(v)} for w, v in zip(weights, vals)],
        "outputs": [g.tensor(o) for o in outs],
        "ws": [g.tensor(w) for w in ws],
        "grad_x": g.tensor(gx),
        "grad_initial_state": None if init is None else [g.tensor(s) for s in gs],
        "grad_weights": [g.tensor(gw[pos[id(w)]]) for w in weights],
    }
    if calls == 2:
        # Stateful: the eager call updates the states, the next call starts from them.
        first = layer(xj, **kw)
        second = layer(xj[:, ::-1], **kw)
        rec["stateful_calls"] = [g.tensor(first), g.tensor(second)]
    return rec


def recurrent_cases():
    x = g.rnd("rnn_x", (B, T, F), -1, 1)
    h0 = g.rnd("rnn_h0", (B, U), -0.5, 0.5)
    c0 = g.rnd("rnn_c0", (B, U), -0.5, 0.5)
    out = []
    for name, cls in [("SimpleRNN", L.SimpleRNN), ("LSTM", L.LSTM), ("GRU", L.GRU)]:
        init = [h0, c0] if cls is L.LSTM else [h0]
        out += [
            case(f"{name}_last", cls(U), x),
            case(f"{name}_sequences", cls(U, return_sequences=True), x),
            case(f"{name}_backwards", cls(U, return_sequences=True, go_backwards=True), x),
            case(f"{name}_state", cls(U, return_state=True), x),
            case(f"{name}_initial_state", cls(U, return_sequences=True, return_state=True), x, initial_state=init),
            case(f"{name}_mask_sequences", cls(U, return_sequences=True, return_state=True), x, mask=MASK, initial_state=init),
            case(f"{name}_mask_last_backwards", cls(U, go_backwards=True), x, mask=MASK),
            case(f"{name}_no_bias", cls(U, use_bias=False, return_sequences=True), x),
            case(f"{name}_stateful", cls(U, stateful=True, return_sequences=True), x, calls=2),
        ]
    out += [
        case("SimpleRNN_softsign", L.SimpleRNN(U, activation="softsign", return_sequences=True), x),
        case("LSTM_activations", L.LSTM(U, activation="softsign", recurrent_activation="hard_sigmoid", return_sequences=True), x),
        case("LSTM_no_unit_forget_bias", L.LSTM(U, unit_forget_bias=False), x),
        case("GRU_reset_before", L.GRU(U, reset_after=False, return_sequences=True), x),
        case("GRU_reset_before_mask", L.GRU(U, reset_after=False, return_sequences=True), x, mask=MASK),
        case("GRU_activations", L.GRU(U, activation="softsign", recurrent_activation="hard_sigmoid"), x),
        case("RNN_LSTMCell", L.RNN(L.LSTMCell(U), return_sequences=True), x),
        case("RNN_GRUCell_zero_output_mask", L.RNN(L.GRUCell(U), return_sequences=True, zero_output_for_mask=True), x, mask=MASK),
        case("RNN_stacked", L.RNN(L.StackedRNNCells([L.SimpleRNNCell(3), L.LSTMCell(U), L.GRUCell(2)]), return_sequences=True, return_state=True), x),
        case("RNN_stacked_list_mask", L.RNN([L.LSTMCell(U), L.GRUCell(2)], return_sequences=True), x, mask=MASK),
    ]
    for mode in ["concat", "sum", "mul", "ave", None]:
        out.append(case(f"Bidirectional_{mode}", L.Bidirectional(L.LSTM(U, return_sequences=True), merge_mode=mode), x))
    out += [
        case("Bidirectional_last", L.Bidirectional(L.GRU(U)), x),
        case("Bidirectional_mask", L.Bidirectional(L.LSTM(U, return_sequences=True)), x, mask=MASK),
        case("Bidirectional_mask_last", L.Bidirectional(L.GRU(U)), x, mask=MASK),
        case("Bidirectional_state", L.Bidirectional(L.LSTM(U, return_state=True), merge_mode="sum"), x),
        case("Bidirectional_initial_state", L.Bidirectional(L.GRU(U, return_sequences=True)), x, initial_state=[h0, c0]),
        case("Bidirectional_backward_layer", L.Bidirectional(L.SimpleRNN(U, return_sequences=True),
                                                             backward_layer=L.GRU(3, return_sequences=True, go_backwards=True)), x),
        case("TimeDistributed_Dense", L.TimeDistributed(L.Dense(2, activation="tanh")), x),
        case("TimeDistributed_Dense_4d", L.TimeDistributed(L.Dense(3)), g.rnd("td_x4", (B, 3, 2, F), -1, 1)),
    ]
    return out


def main():
    doc = {**g.header(), "generator": "tests/golden/generate_recurrent.py",
           "description": "Recurrent layers: outputs and gradients of sum_i sum(output_i * w_i) with respect to the input, "
                          "the initial states and the weights; configs; stateful call pairs.",
           "cases": recurrent_cases()}
    g.write(g.HERE, "recurrent.json", doc)


if __name__ == "__main__":
    main()
