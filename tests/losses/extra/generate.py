# Golden values for the losses tests/golden/losses.json does not cover (focal, Dice, Tversky,
# generalized CE). Run with the golden venv (Keras 3 on JAX):
#   KERAS_BACKEND=jax /tmp/golden-venv/bin/python tests/losses/extra/generate.py > tests/losses/extra/losses.json
import os; os.environ["KERAS_BACKEND"]="jax"
import json, numpy as np, jax, jax.numpy as jnp, keras
L = keras.losses
yt = np.array([[0, 1, 1], [1, 0, 0], [1, 1, 0], [0, 0, 1]], np.float32)
yp = np.array([[0.1, 0.7, 0.6], [0.8, 0.3, 0.2], [0.55, 0.9, 0.05], [0.3, 0.4, 0.35]], np.float32)
logit = np.array([[-1.5, 0.3, 2.0], [1.1, -0.4, 0.2], [0.5, 2.5, -2.0], [-0.7, 0.1, 0.9]], np.float32)
oh = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]], np.float32)
sp = np.array([1, 0, 2, 1], np.int32)
pr = yp / yp.sum(-1, keepdims=True)
sw = np.array([1.0, 0.5, 2.0, 0.0], np.float32)
specs = [
  ("BinaryFocalCrossentropy", {}, yt, yp),
  ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "alpha": 0.3, "gamma": 1.5, "label_smoothing": 0.1}, yt, yp),
  ("BinaryFocalCrossentropy", {"from_logits": True}, yt, logit),
  ("CategoricalFocalCrossentropy", {}, oh, pr),
  ("CategoricalFocalCrossentropy", {"from_logits": True, "alpha": 0.5, "gamma": 1.0, "label_smoothing": 0.2}, oh, logit),
  ("Dice", {}, yt, yp),
  ("Dice", {"axis": 1}, yt, yp),
  ("Tversky", {"alpha": 0.7, "beta": 0.3, "axis": 1}, yt, yp),
  ("CategoricalGeneralizedCrossEntropy", {"q": 0.7}, sp, pr),
]
names = {id(yt): "y_true", id(yp): "y_pred", id(logit): "logits", id(oh): "onehot", id(sp): "sparse", id(pr): "probs"}
out = []
for cls, kw, t, p in specs:
  l = getattr(L, cls)(**kw); ln = getattr(L, cls)(**kw, reduction=None)
  tj, pj = jnp.asarray(t), jnp.asarray(p)
  g = jax.grad(lambda x: l(tj, x))(pj)
  rec = {"cls": cls, "kwargs": kw, "y_true": names[id(t)], "y_pred": names[id(p)], "loss": float(l(tj, pj)), "per_sample": np.asarray(ln(tj, pj)).ravel().tolist(), "grad": np.asarray(g).ravel().tolist()}
  if cls not in ("Dice",) or kw.get("axis"):
    rec["weighted"] = float(l(tj, pj, sample_weight=jnp.asarray(sw)))
  out.append(rec)
print(json.dumps({"keras_version": keras.__version__, "y_true": yt.tolist(), "y_pred": yp.tolist(), "logits": logit.tolist(),
                  "onehot": oh.tolist(), "sparse": sp.tolist(), "probs": pr.tolist(), "sample_weight": sw.tolist(), "cases": out}))
