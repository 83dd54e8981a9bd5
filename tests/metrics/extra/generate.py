# Golden values for the metrics tests/golden/metrics.json does not cover (F-scores, R2,
# the rate-at-rate family, IoU, correlations). Run with the golden venv (Keras 3 on JAX):
#   KERAS_BACKEND=jax /tmp/golden-venv/bin/python tests/metrics/extra/generate.py > tests/metrics/extra/metrics.json
import os; os.environ["KERAS_BACKEND"] = "jax"
import json, numpy as np, jax.numpy as jnp, keras
M = keras.metrics
rs = np.random.RandomState(1234)
f32 = lambda a: np.asarray(a, np.float32)
def batches(make, n=3):
    return [make(i) for i in range(n)]
# Binary scores with labels, one weighted batch.
def binary(i):
    b = {"y_true": f32(rs.randint(0, 2, (6, 1))), "y_pred": f32(np.round(rs.rand(6, 1), 3))}
    if i == 1: b["sample_weight"] = f32([1, 0.5, 2, 0, 1, 1])
    return b
def multi(i):
    labels = rs.randint(0, 3, 5)
    b = {"y_true": f32(np.eye(3)[labels]), "y_pred": f32(np.round(rs.rand(5, 3), 3))}
    if i == 2: b["sample_weight"] = f32([1, 0.5, 2, 0, 1])
    return b
def regress(i):
    b = {"y_true": f32(np.round(rs.randn(5, 2), 3)), "y_pred": f32(np.round(rs.randn(5, 2), 3))}
    if i == 1: b["sample_weight"] = f32([1, 0.5, 2, 0, 1])
    return b
def seg(i):
    b = {"y_true": f32(rs.randint(0, 3, (2, 4))), "y_pred": f32(rs.randint(0, 3, (2, 4)))}
    if i == 1: b["sample_weight"] = f32(rs.randint(0, 3, (2, 4)))
    return b
def seg_onehot(i):
    t = rs.randint(0, 3, (6,))
    return {"y_true": f32(np.eye(3)[t]), "y_pred": f32(np.round(rs.rand(6, 3), 3))}
def binseg(i):
    return {"y_true": f32(rs.randint(0, 2, (8,))), "y_pred": f32(np.round(rs.rand(8), 3))}
def corr(i):
    return {"y_true": f32(np.round(rs.randn(4, 5), 3)), "y_pred": f32(np.round(rs.randn(4, 5), 3))}
specs = [
    ("F1Score", {"average": "macro"}, batches(multi)),
    ("F1Score", {"average": "micro", "threshold": 0.5}, batches(multi)),
    ("FBetaScore", {"average": "weighted", "beta": 2.0}, batches(multi)),
    ("FBetaScore", {"beta": 0.5}, batches(multi)),
    ("R2Score", {}, batches(regress)),
    ("R2Score", {"class_aggregation": "variance_weighted_average", "num_regressors": 1}, batches(regress)),
    ("R2Score", {"class_aggregation": None}, batches(regress)),
    ("SensitivityAtSpecificity", {"specificity": 0.5}, batches(binary)),
    ("SpecificityAtSensitivity", {"sensitivity": 0.6, "num_thresholds": 50}, batches(binary)),
    ("PrecisionAtRecall", {"recall": 0.5}, batches(binary)),
    ("RecallAtPrecision", {"precision": 0.6}, batches(binary)),
    ("PrecisionAtRecall", {"recall": 0.5, "class_id": 1}, batches(multi)),
    ("IoU", {"num_classes": 3, "target_class_ids": [0, 2]}, batches(seg)),
    ("MeanIoU", {"num_classes": 3, "ignore_class": 1}, batches(seg)),
    ("BinaryIoU", {"target_class_ids": [1], "threshold": 0.4}, batches(binseg)),
    ("OneHotIoU", {"num_classes": 3, "target_class_ids": [0, 2]}, batches(seg_onehot)),
    ("OneHotMeanIoU", {"num_classes": 3}, batches(seg_onehot)),
    ("PearsonCorrelation", {}, batches(corr)),
    ("ConcordanceCorrelation", {}, batches(corr)),
]
cases = []
for cls, kw, bs in specs:
    m = getattr(M, cls)(**kw)
    res = []
    for b in bs:
        m.update_state(jnp.asarray(b["y_true"]), jnp.asarray(b["y_pred"]),
                       sample_weight=None if "sample_weight" not in b else jnp.asarray(b["sample_weight"]))
        res.append(np.asarray(m.result()).tolist())
    cfg = {k: v for k, v in m.get_config().items() if k not in ("name", "dtype")}
    cases.append({"cls": cls, "kwargs": kw, "config": cfg, "results": res,
                  "batches": [{k: {"shape": list(v.shape), "values": v.ravel().tolist()} for k, v in b.items()} for b in bs]})
print(json.dumps({"keras_version": keras.__version__, "cases": cases}))
