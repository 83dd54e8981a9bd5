#!/usr/bin/env python3
"""Executable form of the "Keras semantics notes" in README.md.

Re-derives the optimizer trajectories (optimizers.json) and learning-rate
schedule values (lr_schedules.json) with plain numpy float32 code that
implements the formulas as documented, and checks them against the fixtures
that real Keras produced. Needs only numpy (no keras/jax):

    python3 tests/golden/check_formulas.py        # exits non-zero on mismatch

If this passes, the formulas in the README are exactly what Keras does, so a
TypeScript port of these few lines will reproduce the fixtures.
"""

import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
F = np.float32


def arr(t):
    def num(v):
        return float(v) if not isinstance(v, str) else float(v.replace("Infinity", "inf"))

    return np.array([num(v) for v in t["values"]], F).reshape(t["shape"])


# ---------------------------------------------------------------- schedules


def schedule(cls, c, step):
    s = F(step)
    if cls == "ExponentialDecay":
        p = s / F(c["decay_steps"])
        if c["staircase"]:
            p = np.floor(p)
        return F(c["initial_learning_rate"]) * F(c["decay_rate"]) ** p
    if cls == "PiecewiseConstantDecay":
        b, v = c["boundaries"], c["values"]
        if step <= b[0]:
            return F(v[0])
        for lo, hi, val in zip(b[:-1], b[1:], v[1:-1]):
            if lo < step <= hi:
                return F(val)
        return F(v[-1])
    if cls == "PolynomialDecay":
        init, end, power = F(c["initial_learning_rate"]), F(c["end_learning_rate"]), F(c["power"])
        ds = F(c["decay_steps"])
        if c["cycle"]:
            mult = F(1.0) if step == 0 else np.ceil(s / ds)
            ds = ds * mult
        else:
            s = min(s, ds)
        p = s / ds
        return (init - end) * (F(1) - p) ** power + end
    if cls == "InverseTimeDecay":
        p = s / F(c["decay_steps"])
        if c["staircase"]:
            p = np.floor(p)
        return F(c["initial_learning_rate"]) / (F(1) + F(c["decay_rate"]) * p)
    if cls == "CosineDecay":
        init, ds, alpha = F(c["initial_learning_rate"]), F(c["decay_steps"]), F(c["alpha"])

        def decay(st, from_lr):
            cos = F(0.5) * (F(1) + np.cos(F(math.pi) * (st / ds)))
            return from_lr * ((F(1) - alpha) * cos + alpha)

        if c["warmup_target"] is None:
            return decay(min(s, ds), init)
        wt, ws = F(c["warmup_target"]), F(c["warmup_steps"])
        s = min(s, ds + ws)
        if s < ws:
            return (wt - init) * (s / ws) + init
        return decay(s - ws, wt)
    if cls == "CosineDecayRestarts":
        init, fds = F(c["initial_learning_rate"]), F(c["first_decay_steps"])
        t_mul, m_mul, alpha = F(c["t_mul"]), F(c["m_mul"]), F(c["alpha"])
        frac = s / fds
        if t_mul == 1.0:
            i = np.floor(frac)
            frac = frac - i
        else:
            i = np.floor(np.log(F(1) - frac * (F(1) - t_mul)) / np.log(t_mul))
            sum_r = (F(1) - t_mul**i) / (F(1) - t_mul)
            frac = (frac - sum_r) / t_mul**i
        cos = F(0.5) * m_mul**i * (F(1) + np.cos(F(math.pi) * frac))
        return init * ((F(1) - alpha) * cos + alpha)
    raise KeyError(cls)


def sched_from_config(lr_cfg):
    if isinstance(lr_cfg, dict):
        return lambda step: F(schedule(lr_cfg["class_name"], lr_cfg["config"], step))
    return lambda step: F(lr_cfg)


# ---------------------------------------------------------------- optimizers


def clip(grads, c):
    if c.get("clipnorm"):
        cn = F(c["clipnorm"])
        return [g * cn / max(F(np.sqrt(np.sum(g * g))), cn) for g in grads]
    if c.get("global_clipnorm"):
        cn = F(c["global_clipnorm"])
        gn = F(np.sqrt(sum(np.sum(g * g) for g in grads)))
        return [g * (cn * min(F(1) / gn, F(1) / cn)) for g in grads]
    if c.get("clipvalue"):
        v = F(c["clipvalue"])
        return [np.clip(g, -v, v) for g in grads]
    return grads


class Opt:
    def __init__(self, cls, c, variables):
        self.cls, self.c = cls, c
        self.lr = sched_from_config(c["learning_rate"])
        self.t = 0
        z = [np.zeros_like(v) for v in variables]
        self.s = {k: [x.copy() for x in z] for k in ("m", "v", "a", "vhat", "mom", "u")}
        if cls == "Adagrad":
            self.s["acc"] = [np.full_like(v, F(c["initial_accumulator_value"])) for v in variables]
        self.u_product = F(1.0)

    def apply(self, grads, variables):
        c, t = self.c, self.t
        lr = self.lr(t)
        grads = clip([g.astype(F) for g in grads], c)
        if c.get("weight_decay"):
            wd = F(c["weight_decay"])
            variables = [v - v * wd * lr for v in variables]
        if self.cls == "Nadam":
            self.u_product = self.u_product * F(c["beta_1"]) * (F(1) - F(0.5) * F(0.96) ** F(t + 1))
        out = []
        for i, (g, x) in enumerate(zip(grads, variables)):
            out.append(self.step(i, g, x, lr, t))
        self.t += 1
        return out

    def step(self, i, g, x, lr, t):
        c, s, cls = self.c, self.s, self.cls
        if cls == "SGD":
            mu = F(c["momentum"])
            if mu == 0:
                return x - g * lr
            s["m"][i] = s["m"][i] * mu - g * lr
            if c["nesterov"]:
                return x + (s["m"][i] * mu - g * lr)
            return x + s["m"][i]
        if cls == "RMSprop":
            rho, eps, omr = F(c["rho"]), F(c["epsilon"]), F(1 - c["rho"])
            s["v"][i] = rho * s["v"][i] + omr * g * g
            if c["centered"]:
                s["a"][i] = rho * s["a"][i] + omr * g
                denom = s["v"][i] - s["a"][i] ** 2 + eps
            else:
                denom = s["v"][i] + eps
            inc = lr * g / np.sqrt(denom)
            if c["momentum"] > 0:
                s["mom"][i] = F(c["momentum"]) * s["mom"][i] + inc
                return x - s["mom"][i]
            return x - inc
        if cls == "Adagrad":
            s["acc"][i] = s["acc"][i] + g * g
            return x - lr * g / np.sqrt(s["acc"][i] + F(c["epsilon"]))
        if cls == "Adadelta":
            rho, eps, omr = F(c["rho"]), F(c["epsilon"]), F(1 - c["rho"])
            s["a"][i] = rho * s["a"][i] + omr * g * g
            delta = -(np.sqrt(s["v"][i] + eps) * g) / np.sqrt(s["a"][i] + eps)
            s["v"][i] = rho * s["v"][i] + omr * delta * delta
            return x + lr * delta
        if cls in ("Adam", "AdamW"):
            b1, b2, eps = F(c["beta_1"]), F(c["beta_2"]), F(c["epsilon"])
            n = F(t + 1)
            alpha = lr * np.sqrt(F(1) - b2**n) / (F(1) - b1**n)
            # NB: (1 - beta) is computed in float64 from the python floats,
            # then rounded to float32; beta**t and the rest are float32.
            s["m"][i] = s["m"][i] + (g - s["m"][i]) * F(1 - c["beta_1"])
            s["v"][i] = s["v"][i] + (g * g - s["v"][i]) * F(1 - c["beta_2"])
            v = s["v"][i]
            if c["amsgrad"]:
                s["vhat"][i] = np.maximum(s["vhat"][i], v)
                v = s["vhat"][i]
            return x - s["m"][i] * alpha / (np.sqrt(v) + eps)
        if cls == "Adamax":
            b1, b2, eps = F(c["beta_1"]), F(c["beta_2"]), F(c["epsilon"])
            s["m"][i] = s["m"][i] + (g - s["m"][i]) * F(1 - c["beta_1"])
            s["u"][i] = np.maximum(b2 * s["u"][i], np.abs(g))
            return x - lr * s["m"][i] / ((F(1) - b1 ** F(t + 1)) * (s["u"][i] + eps))
        if cls == "Nadam":
            b1, b2, eps = F(c["beta_1"]), F(c["beta_2"]), F(c["epsilon"])
            u_t = b1 * (F(1) - F(0.5) * F(0.96) ** F(t + 1))
            u_t1 = b1 * (F(1) - F(0.5) * F(0.96) ** F(t + 2))
            up_t = self.u_product
            up_t1 = up_t * u_t1
            s["m"][i] = s["m"][i] + (g - s["m"][i]) * (F(1) - b1)
            s["v"][i] = s["v"][i] + (g * g - s["v"][i]) * (F(1) - b2)
            m_hat = u_t1 * s["m"][i] / (F(1) - up_t1) + (F(1) - u_t) * g / (F(1) - up_t)
            v_hat = s["v"][i] / (F(1) - b2 ** F(t + 1))
            return x - m_hat * lr / (np.sqrt(v_hat) + eps)
        if cls == "Lion":
            b1, b2 = F(c["beta_1"]), F(c["beta_2"])
            new = x - lr * np.sign(s["m"][i] * b1 + g * (F(1) - b1))
            s["m"][i] = s["m"][i] * b2 + g * (F(1) - b2)
            return new
        raise KeyError(cls)


ATOL, RTOL = 1e-6, 1e-5


def rel_err(a, b):
    """max |a-b| / (ATOL + RTOL*|b|); <= 1 means within tolerance."""
    return float(np.max(np.abs(a - b) / (ATOL + RTOL * np.abs(b))))


def main():
    worst = 0.0
    failures = []
    sch = json.load(open(os.path.join(HERE, "lr_schedules.json")))
    for case in sch["cases"]:
        for step, want in zip(case["steps"], case["values"]):
            got = schedule(case["class_name"], case["config"], step)
            e = abs(float(got) - want) / (ATOL + RTOL * abs(want))
            worst = max(worst, e)
            if e > 1.0:
                failures.append(f"schedule {case['case']} step {step}: got {got} want {want}")
    opt = json.load(open(os.path.join(HERE, "optimizers.json")))
    for case in opt["cases"]:
        xs = [arr(t) for t in case["initial"]]
        o = Opt(case["class_name"], case["config"], xs)
        for s, (gs, want) in enumerate(zip(case["grads_per_step"], case["values_after_each_step"])):
            xs = o.apply([arr(g) for g in gs], xs)
            for x, w in zip(xs, want):
                e = rel_err(x, arr(w))
                worst = max(worst, e)
                if e > 1.0:
                    failures.append(f"optimizer {case['case']} step {s}: rel err {e:.3g}")
    for f in failures:
        print("FAIL", f)
    n = len(sch["cases"]) + len(opt["cases"])
    print(f"{n - len({f.split(' step')[0] for f in failures})} passed, "
          f"{len({f.split(' step')[0] for f in failures})} failed (worst error/tolerance {worst:.3g}, atol {ATOL}, rtol {RTOL})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
