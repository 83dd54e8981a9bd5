"""Reference numbers for the keras.io guide ports in tests/guides/ (Keras 3, JAX backend).

Every scenario fixes its data and initial weights (seeded NumPy, written to the JSON per
layer name) and trains without shuffling, so kerasm must reproduce the same losses.
Run:  KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python tests/guides/keras_reference.py
Writes tests/guides/keras_reference.json next to this file.
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
from keras import layers  # noqa: E402

rng = np.random.RandomState(1234)


def arr(a):
    return np.asarray(a, dtype=np.float32).reshape(-1).tolist()


def init_weights(model):
    """Seeded uniform(-0.5, 0.5) weights for every layer; returns {layer: [flat arrays]}."""
    out = {}
    for layer in model.layers:
        ws = layer.get_weights()
        if not ws:
            continue
        new = []
        for w in ws:
            if w.ndim == 1 and "moving_variance" in str(layer.weights[len(new)].path):
                v = np.ones_like(w)
            elif w.ndim == 1 and "moving_mean" in str(layer.weights[len(new)].path):
                v = np.zeros_like(w)
            else:
                v = rng.uniform(-0.5, 0.5, size=w.shape).astype(np.float32)
            new.append(v)
        layer.set_weights(new)
        out[layer.name] = [arr(v) for v in new]
    return out


ref = {}

# ---- Customizing what happens in fit(): the simple and the low-level examples -------------
# The guide's custom train_step computes exactly what the default one does, so the default
# fit gives the reference for both.
x = (np.arange(32, dtype=np.float32).reshape(8, 4) / 32.0)
y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], dtype=np.float32) + 0.25).astype(np.float32)
inp = keras.Input((4,), name="x")
h = layers.Dense(8, activation="relu", name="hidden")(inp)
out = layers.Dense(1, name="out")(h)
model = keras.Model(inp, out)
w0 = init_weights(model)
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
hist = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
ref["customizing_fit"] = {
    "x": arr(x), "y": arr(y), "weights": w0,
    "loss": hist.history["loss"], "mae": hist.history["mae"],
    "evaluate": model.evaluate(x, y, verbose=0, return_dict=True),
}

# ---- Writing a training loop from scratch: per-step losses of a manual loop ---------------
xl = rng.uniform(-1, 1, size=(12, 3)).astype(np.float32)
yl = rng.randint(0, 3, size=(12,)).astype(np.int32)
inp = keras.Input((3,), name="x")
out = layers.Dense(3, name="logits")(layers.Dense(5, activation="tanh", name="dense_1")(inp))
model = keras.Model(inp, out)
w0 = init_weights(model)
model.compile(optimizer=keras.optimizers.SGD(0.5), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
steps = []
for epoch in range(2):
    for s in range(0, 12, 4):
        steps.append(float(model.train_on_batch(xl[s:s + 4], yl[s:s + 4])))
ref["training_loop"] = {"x": arr(xl), "y": yl.tolist(), "weights": w0, "step_losses": steps}

# ---- Functional API: multi-input, multi-output with dicts, loss weights -------------------
title = rng.uniform(0, 1, size=(10, 6)).astype(np.float32)
body = rng.uniform(0, 1, size=(10, 4)).astype(np.float32)
prio = rng.uniform(0, 1, size=(10, 1)).astype(np.float32)
dept = rng.randint(0, 3, size=(10,)).astype(np.int32)
t_in = keras.Input((6,), name="title")
b_in = keras.Input((4,), name="body")
feats = layers.Concatenate(name="concat")([layers.Dense(4, name="title_feat")(t_in), layers.Dense(3, name="body_feat")(b_in)])
priority = layers.Dense(1, name="priority")(feats)
department = layers.Dense(3, name="department")(feats)
model = keras.Model(inputs={"title": t_in, "body": b_in}, outputs={"priority": priority, "department": department})
w0 = init_weights(model)
model.compile(
    optimizer=keras.optimizers.SGD(0.05),
    loss={"priority": keras.losses.BinaryCrossentropy(from_logits=True),
          "department": keras.losses.SparseCategoricalCrossentropy(from_logits=True)},
    loss_weights={"priority": 1.0, "department": 0.2},
)
hist = model.fit({"title": title, "body": body}, {"priority": prio, "department": dept}, epochs=2, batch_size=5, shuffle=False, verbose=0)
ref["functional_api"] = {
    "title": arr(title), "body": arr(body), "priority": arr(prio), "department": dept.tolist(), "weights": w0,
    "history": {k: v for k, v in hist.history.items()},
}

# ---- Transfer learning: frozen base with BatchNormalization, then fine-tuning -------------
xt = rng.uniform(-1, 1, size=(16, 5)).astype(np.float32)
yt = (rng.uniform(0, 1, size=(16, 1)) > 0.5).astype(np.float32)
# The guide calls `base_model(inputs, training=False)` so BatchNormalization stays in inference
# mode while fine-tuning. Keras 3.15's Functional model lets the outer `training=True` override
# that recorded argument (keras-team/keras#20285), so the reference uses a BatchNormalization
# pinned to inference mode, which is what the guide describes and what kerasm does.


class InferenceBN(layers.BatchNormalization):
    def call(self, inputs, training=None, mask=None):
        return super().call(inputs, training=False, mask=mask)


b_in = keras.Input((5,), name="base_in")
b_h = InferenceBN(name="bn")(layers.Dense(6, name="base_dense")(b_in))
base = keras.Model(b_in, layers.Activation("relu", name="base_relu")(b_h), name="base")
wb = init_weights(base)
# Pretend the base was pre-trained: non-trivial moving statistics.
bn = base.get_layer("bn")
bn_w = bn.get_weights()
bn_w[2] = rng.uniform(-0.2, 0.2, size=bn_w[2].shape).astype(np.float32)
bn_w[3] = rng.uniform(0.5, 1.5, size=bn_w[3].shape).astype(np.float32)
bn.set_weights(bn_w)
wb["bn"] = [arr(v) for v in bn_w]
base.trainable = False
inp = keras.Input((5,), name="inp")
outp = layers.Dense(1, name="head")(base(inp, training=False))
model = keras.Model(inp, outp)
head = model.get_layer("head")
head_w = [rng.uniform(-0.5, 0.5, size=w.shape).astype(np.float32) for w in head.get_weights()]
head.set_weights(head_w)
model.compile(optimizer=keras.optimizers.SGD(0.1), loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=[keras.metrics.BinaryAccuracy()])
h1 = model.fit(xt, yt, epochs=2, batch_size=8, shuffle=False, verbose=0)
base.trainable = True
model.compile(optimizer=keras.optimizers.SGD(0.01), loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=[keras.metrics.BinaryAccuracy()])
h2 = model.fit(xt, yt, epochs=2, batch_size=8, shuffle=False, verbose=0)
ref["transfer_learning"] = {
    "x": arr(xt), "y": arr(yt), "base_weights": wb, "head_weights": [arr(v) for v in head_w],
    "frozen": h1.history, "fine_tuned": h2.history,
    "moving_mean_after": arr(bn.get_weights()[2]),
    "trainable_counts": [len(model.trainable_weights), len(model.non_trainable_weights)],
}

# ---- Subclassing: custom layers with add_weight, add_loss and nested blocks ---------------
class Linear(layers.Layer):
    def __init__(self, units, **kw):
        super().__init__(**kw)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal", trainable=True, name="w")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=True, name="b")

    def call(self, inputs):
        return keras.ops.matmul(inputs, self.w) + self.b


class ActivityRegularization(layers.Layer):
    def __init__(self, rate=1e-2, **kw):
        super().__init__(**kw)
        self.rate = rate

    def call(self, inputs):
        self.add_loss(self.rate * keras.ops.mean(inputs))
        return inputs


class MLPBlock(layers.Layer):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.linear_1 = Linear(6, name="linear_1")
        self.reg = ActivityRegularization(0.05, name="reg")
        self.linear_2 = Linear(1, name="linear_2")

    def call(self, inputs):
        x = keras.activations.relu(self.linear_1(inputs))
        return self.linear_2(self.reg(x))


xs = rng.uniform(-1, 1, size=(8, 3)).astype(np.float32)
ys = rng.uniform(-1, 1, size=(8, 1)).astype(np.float32)
inp = keras.Input((3,), name="x")
block = MLPBlock(name="mlp_block")
model = keras.Model(inp, block(inp))
w_sub = [rng.uniform(-0.5, 0.5, size=w.shape).astype(np.float32) for w in block.get_weights()]
block.set_weights(w_sub)
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
hist = model.fit(xs, ys, epochs=3, batch_size=4, shuffle=False, verbose=0)
ref["subclassing"] = {
    "x": arr(xs), "y": arr(ys), "block_weights": [arr(v) for v in w_sub], "weight_shapes": [list(w.shape) for w in w_sub],
    "loss": hist.history["loss"], "n_weights": len(block.weights), "n_trainable": len(block.trainable_weights),
}

# ---- Writing your own callbacks: the order of hooks and the keys of their logs ------------
class Recorder(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.events = []

    def _rec(self, name, logs):
        self.events.append([name, sorted((logs or {}).keys())])


for hook in ["on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_test_begin", "on_test_end",
             "on_predict_begin", "on_predict_end", "on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin",
             "on_test_batch_end", "on_predict_batch_begin", "on_predict_batch_end"]:
    takes_index = "batch" in hook or "epoch" in hook
    setattr(Recorder, hook, (lambda n: (lambda self, i, logs=None: self._rec(n, logs)))(hook) if takes_index
            else (lambda n: (lambda self, logs=None: self._rec(n, logs)))(hook))

inp = keras.Input((2,))
model = keras.Model(inp, layers.Dense(1)(inp))
model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
xc = np.zeros((4, 2), np.float32)
yc = np.zeros((4, 1), np.float32)
rec = Recorder()
model.fit(xc, yc, epochs=1, batch_size=2, validation_data=(xc, yc), verbose=0, callbacks=[rec])
fit_events = rec.events
rec = Recorder()
model.evaluate(xc, yc, batch_size=2, verbose=0, callbacks=[rec])
eval_events = rec.events
rec = Recorder()
model.predict(xc, batch_size=2, verbose=0, callbacks=[rec])
pred_events = rec.events
ref["callbacks"] = {"fit": fit_events, "evaluate": eval_events, "predict": pred_events}

# ---- Training & evaluation with the built-in methods: weights, validation split, custom loss
xb = rng.uniform(-1, 1, size=(12, 4)).astype(np.float32)
yb = rng.randint(0, 3, size=(12,)).astype(np.int32)
swb = rng.uniform(0.2, 2.0, size=(12,)).astype(np.float32)


def builtin_model():
    inp = keras.Input((4,), name="x")
    h = layers.Dense(5, activation="relu", name="h")(inp)
    return keras.Model(inp, layers.Dense(3, activation="softmax", name="probs")(h))


model = builtin_model()
wbi = init_weights(model)
builtin = {"x": arr(xb), "y": yb.tolist(), "sample_weight": arr(swb), "weights": wbi}


def fresh(loss="sparse_categorical_crossentropy", metrics=("sparse_categorical_accuracy",)):
    m = builtin_model()
    for layer in m.layers:
        if layer.name in wbi:
            layer.set_weights([np.asarray(v, np.float32).reshape(w.shape) for v, w in zip(wbi[layer.name], layer.get_weights())])
    m.compile(optimizer=keras.optimizers.SGD(0.1), loss=loss, metrics=list(metrics))
    return m


m = fresh()
builtin["class_weight"] = m.fit(xb, yb, class_weight={0: 1.0, 1: 2.0, 2: 0.5}, epochs=2, batch_size=4, shuffle=False, verbose=0).history
m = fresh()
builtin["sample_weight_fit"] = m.fit(xb, yb, sample_weight=swb, epochs=2, batch_size=4, shuffle=False, verbose=0).history
builtin["evaluate_weighted"] = m.evaluate(xb, yb, sample_weight=swb, batch_size=5, verbose=0, return_dict=True)
m = fresh()
builtin["validation_split"] = m.fit(xb, yb, validation_split=0.25, epochs=2, batch_size=3, shuffle=False, verbose=0).history


def custom_mse(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)


m = fresh(loss=custom_mse, metrics=("categorical_accuracy",))
builtin["custom_loss"] = m.fit(xb, np.eye(3, dtype=np.float32)[yb], epochs=2, batch_size=4, shuffle=False, verbose=0).history
ref["built_in_training"] = builtin

# ---- Example "Simple MNIST convnet" on the committed Fashion-MNIST slice -----------------
# Smaller filters (8, 16) and no Dropout (random) so the run is cheap and deterministic.
import gzip  # noqa: E402


def idx(name):
    here = os.path.dirname(os.path.abspath(__file__))
    with gzip.open(os.path.join(here, "..", "data", "fashion-mnist-slice", name)) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


xm = (idx("train-images-idx3-ubyte.gz").astype(np.float32) / 255.0)[..., None]
ym = keras.utils.to_categorical(idx("train-labels-idx1-ubyte.gz"), 10)
xmt = (idx("t10k-images-idx3-ubyte.gz").astype(np.float32) / 255.0)[..., None]
ymt = keras.utils.to_categorical(idx("t10k-labels-idx1-ubyte.gz"), 10)
inp = keras.Input((28, 28, 1), name="image")
h = layers.MaxPooling2D(2, name="pool_1")(layers.Conv2D(8, 3, activation="relu", name="conv_1")(inp))
h = layers.MaxPooling2D(2, name="pool_2")(layers.Conv2D(16, 3, activation="relu", name="conv_2")(h))
out = layers.Dense(10, activation="softmax", name="probs")(layers.Flatten(name="flatten")(h))
model = keras.Model(inp, out)
wm = init_weights(model)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
hist = model.fit(xm, ym, batch_size=16, epochs=2, shuffle=False, verbose=0)
ref["mnist_convnet"] = {
    "weights": wm, "history": hist.history, "params": model.count_params(),
    "evaluate": model.evaluate(xmt, ymt, verbose=0, return_dict=True),
}

# ---- Functional API guide: the toy ResNet (structure: output shapes and parameter counts) -
inputs = keras.Input(shape=(32, 32, 3), name="img")
x = layers.Conv2D(32, 3, activation="relu", name="c1")(inputs)
x = layers.Conv2D(64, 3, activation="relu", name="c2")(x)
block_1_output = layers.MaxPooling2D(3, name="p1")(x)
x = layers.Conv2D(64, 3, activation="relu", padding="same", name="c3")(block_1_output)
x = layers.Conv2D(64, 3, activation="relu", padding="same", name="c4")(x)
block_2_output = layers.add([x, block_1_output], name="add_1")
x = layers.Conv2D(64, 3, activation="relu", padding="same", name="c5")(block_2_output)
x = layers.Conv2D(64, 3, activation="relu", padding="same", name="c6")(x)
block_3_output = layers.add([x, block_2_output], name="add_2")
x = layers.Conv2D(64, 3, activation="relu", name="c7")(block_3_output)
x = layers.GlobalAveragePooling2D(name="gap")(x)
x = layers.Dense(256, activation="relu", name="d1")(x)
x = layers.Dropout(0.5, name="drop")(x)
outputs = layers.Dense(10, name="d2")(x)
model = keras.Model(inputs, outputs, name="toy_resnet")
ref["toy_resnet"] = {
    "layers": [[l.name, list(l.output.shape[1:]), l.count_params()] for l in model.layers],
    "params": model.count_params(),
}

# ---- Activity regularization (Keras 3.15: in every call, divided by the batch size) -------
xa = rng.uniform(-1, 1, size=(6, 3)).astype(np.float32)
ya = rng.uniform(-1, 1, size=(6, 2)).astype(np.float32)
inp = keras.Input((3,), name="x")
h = layers.Dense(4, activation="relu", activity_regularizer=keras.regularizers.L2(0.1), name="act_reg")(inp)
model = keras.Model(inp, layers.Dense(2, name="out")(h))
wa = init_weights(model)
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
ref["activity_regularization"] = {
    "x": arr(xa), "y": arr(ya), "weights": wa,
    "evaluate": model.evaluate(xa, ya, batch_size=6, verbose=0),
    "train_on_batch": [float(model.train_on_batch(xa[:3], ya[:3])), float(model.train_on_batch(xa[3:], ya[3:]))],
}

# ---- Weight regularizers and constraints through fit --------------------------------------
inp = keras.Input((3,), name="x")
h = layers.Dense(4, activation="tanh", kernel_regularizer=keras.regularizers.L2(0.05), bias_regularizer=keras.regularizers.L1(0.01),
                 kernel_constraint=keras.constraints.NonNeg(), name="reg_dense")(inp)
model = keras.Model(inp, layers.Dense(2, name="out")(h))
wr = init_weights(model)
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
hist = model.fit(xa, ya, epochs=3, batch_size=3, shuffle=False, verbose=0)
ref["weight_regularization"] = {
    "weights": wr, "loss": hist.history["loss"], "evaluate": model.evaluate(xa, ya, verbose=0),
    "kernel_after": arr(model.get_layer("reg_dense").get_weights()[0]),
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keras_reference.json")
with open(path, "w") as f:
    json.dump(ref, f, indent=1)
print("wrote", path)
