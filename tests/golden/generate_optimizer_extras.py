#!/usr/bin/env python3
"""Keras 3 reference values for optimizer state and the base-optimizer extras.

Writes tests/golden/optimizer_extras.json with two families of cases, on the same toy
problem as optimizers.json (generate.py's OPT_INIT kernel (3,2) + bias (2,), and its
sinusoidal per-step gradients):

- "state": every optimizer kerasm has (and their slot-changing options, a schedule, and
  EMA/accumulation), after 3 `apply` steps: `optimizer.variables` in order, each with
  name, path, shape, dtype and values. This is the order a .keras file stores under
  `optimizer/vars/<i>`.
- "fit": `model.fit` on training.json's model and data with EMA / accumulation optimizers.
- "trajectory": `use_ema` (+ `ema_momentum`, `ema_overwrite_frequency`) and
  `gradient_accumulation_steps` runs: the variables and `optimizer.iterations` after each
  step, then the variables after `finalize_variable_values`, and the final optimizer
  variables. A `null` gradient entry means that variable got no gradient that step.

Usage (same venv as generate.py, see README.md):
    python tests/golden/generate_optimizer_extras.py [--out DIR]
Deterministic: two runs give identical files.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate as G  # noqa: E402  (sets the JAX backend, CPU, float32)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

keras = G.keras
O = keras.optimizers
S = keras.optimizers.schedules
GENERATOR = "tests/golden/generate_optimizer_extras.py"
F32 = np.float32


def grads_for(steps):
    """generate.py's opt_grads pattern, extended to `steps` steps."""
    out = []
    for s in range(steps):
        k = G.sinpat((3, 2), scale=1.2, freq=1.3, phase=0.4 + s, decimals=3)
        b = G.sinpat((2,), scale=0.9, freq=2.1, phase=1.1 + 0.7 * s, decimals=3)
        if s == 2:
            k[1, 0] = 0.0
            b[1] = 0.05
        out.append([k, b])
    return out


def fresh(cls, kwargs):
    keras.backend.clear_session()  # default names, independent of order
    opt = cls(**kwargs)
    variables = [keras.Variable(v.copy(), name=n, dtype="float32") for v, n in zip(G.OPT_INIT, G.OPT_NAMES)]
    return opt, variables


def opt_vars(opt):
    return [{"name": v.name, "path": v.path, **G.tensor(v)} for v in opt.variables]


def record_kwargs(kwargs):
    out = dict(kwargs)
    lr = out.get("learning_rate")
    if isinstance(lr, S.LearningRateSchedule):
        out["learning_rate"] = G.clean(S.serialize(lr))
    return out


def exp_decay():
    return S.ExponentialDecay(initial_learning_rate=0.1, decay_steps=3, decay_rate=0.5)


STATE_SPECS = [
    ("SGD", O.SGD, {"learning_rate": 0.1}),
    ("SGD_momentum", O.SGD, {"learning_rate": 0.1, "momentum": 0.9}),
    ("SGD_schedule", O.SGD, {"learning_rate": "exp_decay", "momentum": 0.5}),
    ("RMSprop", O.RMSprop, {"learning_rate": 0.01}),
    ("RMSprop_centered_momentum", O.RMSprop, {"learning_rate": 0.01, "momentum": 0.5, "centered": True}),
    ("Adagrad", O.Adagrad, {"learning_rate": 0.1}),
    ("Adadelta", O.Adadelta, {"learning_rate": 1.0}),
    ("Adam", O.Adam, {"learning_rate": 0.01}),
    ("Adam_amsgrad", O.Adam, {"learning_rate": 0.01, "amsgrad": True}),
    ("AdamW", O.AdamW, {"learning_rate": 0.01}),
    ("Adamax", O.Adamax, {"learning_rate": 0.01}),
    ("Nadam", O.Nadam, {"learning_rate": 0.01}),
    ("Lion", O.Lion, {"learning_rate": 0.01}),
    ("Adam_ema", O.Adam, {"learning_rate": 0.01, "use_ema": True}),
    ("Adam_accum2", O.Adam, {"learning_rate": 0.01, "gradient_accumulation_steps": 2}),
    ("Nadam_ema_accum2", O.Nadam, {"learning_rate": 0.01, "use_ema": True, "gradient_accumulation_steps": 2}),
    ("RMSprop_centered_ema", O.RMSprop, {"learning_rate": 0.01, "centered": True, "use_ema": True, "ema_momentum": 0.9}),
]

TRAJ_SPECS = [
    # (case, class, kwargs, steps, {step: variable index whose gradient is None})
    ("Adam_ema", O.Adam, {"learning_rate": 0.01, "use_ema": True}, 5, {}),
    ("SGD_momentum_ema0.5_overwrite2", O.SGD, {"learning_rate": 0.1, "momentum": 0.9, "use_ema": True, "ema_momentum": 0.5, "ema_overwrite_frequency": 2}, 5, {}),
    ("Adam_accum2", O.Adam, {"learning_rate": 0.01, "gradient_accumulation_steps": 2}, 6, {}),
    ("Adam_accum3_schedule", O.Adam, {"learning_rate": "exp_decay", "gradient_accumulation_steps": 3}, 7, {}),
    ("Nadam_accum2", O.Nadam, {"learning_rate": 0.01, "gradient_accumulation_steps": 2}, 6, {}),
    ("SGD_accum2_clipnorm_wd", O.SGD, {"learning_rate": 0.1, "momentum": 0.9, "gradient_accumulation_steps": 2, "clipnorm": 0.5, "weight_decay": 0.1}, 5, {}),
    ("Adam_accum2_missing_grad", O.Adam, {"learning_rate": 0.01, "gradient_accumulation_steps": 2}, 6, {1: 1, 2: 0}),
    ("Adam_ema0.9_accum2_overwrite1", O.Adam, {"learning_rate": 0.01, "use_ema": True, "ema_momentum": 0.9, "gradient_accumulation_steps": 2, "ema_overwrite_frequency": 1}, 6, {}),
    ("Adam_ema_missing_grad", O.Adam, {"learning_rate": 0.01, "use_ema": True, "ema_momentum": 0.8}, 4, {1: 0}),
]


def real(kwargs):
    k = dict(kwargs)
    if k.get("learning_rate") == "exp_decay":
        k["learning_rate"] = exp_decay()
    return k


def gen_state():
    grads = grads_for(3)
    cases = []
    for cid, cls, kwargs in STATE_SPECS:
        kw = real(kwargs)
        opt, variables = fresh(cls, kw)
        for gs in grads:
            opt.apply([jnp.asarray(g) for g in gs], variables)
        cases.append({
            "family": "state", "class_name": cls.__name__, "case": cid, "kwargs": record_kwargs(kw),
            "config": G.clean(opt.get_config()), "variable_names": G.OPT_NAMES,
            "initial": [G.tensor(v) for v in G.OPT_INIT],
            "grads_per_step": [[G.tensor(g) for g in gs] for gs in grads],
            "values_after": [G.tensor(v) for v in variables],
            "optimizer_variables": opt_vars(opt),
        })
    return cases


RESUME_AFTER = 2  # trajectories also record opt.variables after this step, to resume from


def gen_trajectories():
    cases = []
    for cid, cls, kwargs, steps, missing in TRAJ_SPECS:
        kw = real(kwargs)
        opt, variables = fresh(cls, kw)
        grads = grads_for(steps)
        rec_grads, traj, iters = [], [], []
        for s, gs in enumerate(grads):
            gl = [jnp.asarray(g) for g in gs]
            if s in missing:
                gl[missing[s]] = None
            opt.apply(gl, variables)
            rec_grads.append([None if g is None else G.tensor(g) for g in gl])
            traj.append([G.tensor(v) for v in variables])
            iters.append(int(np.asarray(opt.iterations)))
            if s == RESUME_AFTER:
                mid_vars = opt_vars(opt)
        final_vars = opt_vars(opt)
        opt.finalize_variable_values(variables)
        cases.append({
            "family": "trajectory", "class_name": cls.__name__, "case": f"traj_{cid}", "kwargs": record_kwargs(kw),
            "config": G.clean(opt.get_config()), "variable_names": G.OPT_NAMES,
            "initial": [G.tensor(v) for v in G.OPT_INIT],
            "grads_per_step": rec_grads, "values_after_each_step": traj, "iterations_after_each_step": iters,
            "optimizer_variables": final_vars,
            "resume_after_step": RESUME_AFTER, "optimizer_variables_after_resume_step": mid_vars,
            "values_after_finalize": [G.tensor(v) for v in variables],
        })
    return cases


FIT_SPECS = [
    ("fit_Adam_ema0.9", O.Adam, {"learning_rate": 0.05, "use_ema": True, "ema_momentum": 0.9}),
    ("fit_SGD_momentum_accum3", O.SGD, {"learning_rate": 0.1, "momentum": 0.9, "gradient_accumulation_steps": 3}),
    ("fit_Adam_ema_accum2_overwrite2", O.Adam, {"learning_rate": 0.05, "use_ema": True, "ema_momentum": 0.8, "gradient_accumulation_steps": 2, "ema_overwrite_frequency": 2}),
]
FIT_EPOCHS = 3
FIT_BATCH = 2


def fit_data():
    """training.json's data and initial weights (generate.py gen_training)."""
    x = np.round(
        np.stack([np.sin(np.arange(8) * 0.9 + 0.1), np.cos(np.arange(8) * 0.7), np.arange(8) / 8.0 - 0.4], axis=1), 4
    ).astype(F32)
    y = np.array([0, 1, 2, 1, 0, 2, 1, 0], np.int32)
    init = [
        G.rnd("t_k1", (3, 4), -0.8, 0.8), np.array([0.01, -0.02, 0.03, 0.0], F32),
        G.rnd("t_k2", (4, 3), -0.8, 0.8), np.array([0.0, 0.05, -0.05], F32),
    ]
    return x, y, init


def gen_fit():
    """model.fit with the extras: EMA is swapped in by fit's finalize_variable_values."""
    x, y, init = fit_data()
    cases = []
    for cid, cls, kwargs in FIT_SPECS:
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        model = keras.Sequential(
            [keras.Input((3,)), keras.layers.Dense(4, activation="relu", name="dense_1"),
             keras.layers.Dense(3, activation="softmax", name="dense_2")],
            name="golden_mlp",
        )
        model.set_weights(init)
        opt = cls(**kwargs)
        model.compile(optimizer=opt, loss="sparse_categorical_crossentropy")
        batch_weights = []

        class Rec(keras.callbacks.Callback):
            def on_train_batch_end(self, batch, logs=None):
                batch_weights.append([G.tensor(w) for w in self.model.get_weights()])

        model.fit(x, y, batch_size=FIT_BATCH, epochs=FIT_EPOCHS, shuffle=False, verbose=0, callbacks=[Rec()])
        cases.append({
            "family": "fit", "class_name": cls.__name__, "case": cid, "kwargs": kwargs,
            "config": G.clean(opt.get_config()), "x": G.tensor(x), "y": G.tensor(y),
            "initial_weights": [G.tensor(w) for w in init], "epochs": FIT_EPOCHS, "batch_size": FIT_BATCH,
            "weights_after_each_batch": batch_weights,
            "final_weights": [G.tensor(w) for w in model.get_weights()],
            "iterations": int(np.asarray(opt.iterations)),
            "optimizer_variables": opt_vars(opt),
        })
    return cases


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=HERE)
    args = ap.parse_args(argv)
    doc = {
        **G.header(),
        "generator": GENERATOR,
        "description": (
            "opt = cls(**kwargs); vars = [keras.Variable(initial[i], name=variable_names[i])]; for each step s: "
            "opt.apply(grads_per_step[s], vars) (null = no gradient for that variable). 'state' cases: "
            "optimizer_variables is opt.variables after 3 steps, in order, with name and path. 'trajectory' "
            "cases: values_after_each_step / iterations_after_each_step (opt.iterations), "
            "optimizer_variables_after_resume_step (opt.variables after step resume_after_step), then "
            "optimizer_variables, then values_after_finalize after opt.finalize_variable_values(vars). 'fit' "
            "cases: training.json's Dense(4, relu) -> Dense(3, softmax) model and data, "
            "model.fit(x, y, batch_size, epochs, shuffle=False) with the optimizer of `config`; weights after "
            "each batch (before finalize), final_weights after fit (EMA swapped in), opt.iterations, and "
            "opt.variables at the end."
        ),
        "cases": gen_state() + gen_trajectories() + gen_fit(),
    }
    G.write(args.out, "optimizer_extras.json", doc)


if __name__ == "__main__":
    sys.exit(main())
