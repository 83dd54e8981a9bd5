"""Writes the Keras 3 → kerasm fixtures: for each model, what real Keras saves and what kerasm
must reproduce after loading it.

For every model in MODELS (seeded, deterministic numbers):
  <name>.keras        model.save after 3 train_on_batch steps on a fixed batch (config, weights,
                      compile config and optimizer state)
  <name>.weights.h5   model.save_weights at the same moment
  <name>.h5           legacy model.save("x.h5") at the same moment (mlp and cnn: without the optimizer)
  <name>.json         fixed inputs and Keras's predictions on them (inference mode), the compile
                      config, the training batch, the optimizer variables after the 3 steps, and the
                      weights after ONE more train_on_batch on the same batch made by a model loaded
                      from <name>.keras with every Dropout rate set to 0 (so the step is exact)

Widths are kept small so all fixtures stay under ~3 MB: the MLP is 784-32-10 (not 784-128-10) and
the seed CNN has 8/16 filters and a 32-unit Dense (not 32/64/64); the layer structure is the seed's.

Run: KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python tests/saving/keras/make_fixtures.py [--out DIR] [name ...]
(pinned: tests/golden/requirements.txt — keras 3.15.1, jax 0.10.2).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kerasm_fixture_io import as_list, dropout_off, enc, layer_weights, optimizer_variables  # noqa: E402

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")  # --out DIR overrides
STEPS_BEFORE_SAVE = 3
BATCH = 8
N_PREDICT = 4


def sparse_labels(rng, n, classes):
    return rng.randint(0, classes, size=(n,)).astype("int32")


def one_hot(rng, n, classes):
    return np.eye(classes, dtype="float32")[rng.randint(0, classes, size=(n,))]


def normal(rng, *shape):
    return rng.standard_normal(shape).astype("float32")


# Each builder returns (model, compile kwargs, make_data(rng, n) -> (xs, ys)).

def mlp():
    m = keras.Sequential(
        [keras.Input(shape=(784,), name="pixels"), layers.Dense(32, activation="relu", name="hidden"),
         layers.Dropout(0.2, name="drop"), layers.Dense(10, activation="softmax", name="probs")],
        name="mlp",
    )
    compile_args = dict(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return m, compile_args, lambda rng, n: ([rng.rand(n, 784).astype("float32")], [sparse_labels(rng, n, 10)])


def cnn():
    m = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1), name="image"),
            layers.Conv2D(8, 3, activation="relu", name="conv1"),
            layers.BatchNormalization(name="bn"),
            layers.MaxPooling2D(name="pool1"),
            layers.Conv2D(16, 3, activation="relu", name="conv2"),
            layers.MaxPooling2D(name="pool2"),
            layers.Flatten(name="flat"),
            layers.Dense(32, activation="relu", name="fc"),
            layers.Dropout(0.25, name="drop"),
            layers.Dense(10, activation="softmax", name="probs"),
        ],
        name="cnn",
    )
    compile_args = dict(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return m, compile_args, lambda rng, n: ([rng.rand(n, 28, 28, 1).astype("float32")], [sparse_labels(rng, n, 10)])


def functional_shared():
    """Two inputs, two outputs, one Dense applied to both inputs; two losses, weighted."""
    a = keras.Input(shape=(8,), name="in_a")
    b = keras.Input(shape=(8,), name="in_b")
    shared = layers.Dense(4, activation="tanh", name="shared")
    ha, hb = shared(a), shared(b)
    score = layers.Dense(1, activation="sigmoid", name="out_score")(layers.Concatenate(name="cat")([ha, hb]))
    klass = layers.Dense(3, activation="softmax", name="out_class")(layers.Subtract(name="diff")([ha, hb]))
    m = keras.Model(inputs=[a, b], outputs=[score, klass], name="siamese")
    compile_args = dict(
        optimizer=keras.optimizers.Adam(2e-3),
        loss={"out_score": "binary_crossentropy", "out_class": "sparse_categorical_crossentropy"},
        loss_weights={"out_score": 1.0, "out_class": 0.5},
    )

    def data(rng, n):
        return [normal(rng, n, 8), normal(rng, n, 8)], [rng.randint(0, 2, size=(n, 1)).astype("float32"), sparse_labels(rng, n, 3)]

    return m, compile_args, data


def core_reshape():
    """Dense, Activation, Dropout, Reshape, Permute, Flatten, RepeatVector."""
    m = keras.Sequential(
        [
            keras.Input(shape=(12,), name="x"),
            layers.Dense(12, activation="tanh", name="d1"),
            layers.Reshape((3, 4), name="reshape"),
            layers.Permute((2, 1), name="permute"),
            layers.Flatten(name="flat"),
            layers.Dense(5, name="d2"),
            layers.Activation("sigmoid", name="act"),
            layers.RepeatVector(3, name="repeat"),
            layers.Flatten(name="flat2"),
            layers.Dropout(0.1, name="drop"),
            layers.Dense(4, activation="softmax", name="probs"),
        ],
        name="core_reshape",
    )
    compile_args = dict(optimizer=keras.optimizers.Adam(1e-2), loss="categorical_crossentropy")
    return m, compile_args, lambda rng, n: ([normal(rng, n, 12)], [one_hot(rng, n, 4)])


def conv1d_pool1d():
    """Conv1D, MaxPooling1D, AveragePooling1D, GlobalMax/GlobalAveragePooling1D, Concatenate."""
    x = keras.Input(shape=(16, 3), name="seq")
    h = layers.Conv1D(6, 3, padding="same", activation="relu", name="c1")(x)
    h = layers.MaxPooling1D(2, name="mp")(h)
    h = layers.Conv1D(5, 3, strides=1, padding="valid", name="c2")(h)
    h = layers.AveragePooling1D(2, strides=1, padding="same", name="ap")(h)
    pooled = layers.Concatenate(name="cat")([layers.GlobalMaxPooling1D(name="gmp")(h), layers.GlobalAveragePooling1D(name="gap")(h)])
    y = layers.Dense(3, activation="softmax", name="probs")(pooled)
    m = keras.Model(x, y, name="conv1d_pool1d")
    compile_args = dict(optimizer=keras.optimizers.Adam(5e-3), loss="sparse_categorical_crossentropy")
    return m, compile_args, lambda rng, n: ([normal(rng, n, 16, 3)], [sparse_labels(rng, n, 3)])


def conv2d_family():
    """ZeroPadding2D, Conv2D (strided), DepthwiseConv2D, SeparableConv2D, AveragePooling2D, UpSampling2D,
    Conv2DTranspose, Cropping2D, SpatialDropout2D, GlobalMax/GlobalAveragePooling2D."""
    x = keras.Input(shape=(8, 8, 2), name="img")
    h = layers.ZeroPadding2D(1, name="pad")(x)
    h = layers.Conv2D(4, 3, strides=1, activation="relu", name="conv")(h)
    h = layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", name="dw")(h)
    h = layers.SeparableConv2D(4, 3, padding="valid", activation="relu", name="sep")(h)
    h = layers.AveragePooling2D(2, name="ap")(h)
    h = layers.UpSampling2D(2, name="up")(h)
    h = layers.Conv2DTranspose(3, 3, strides=2, padding="same", name="convt")(h)
    h = layers.Cropping2D(((1, 2), (0, 1)), name="crop")(h)
    h = layers.SpatialDropout2D(0.2, name="sdrop")(h)
    pooled = layers.Concatenate(name="cat")([layers.GlobalMaxPooling2D(name="gmp")(h), layers.GlobalAveragePooling2D(name="gap")(h)])
    y = layers.Dense(2, name="out")(pooled)
    m = keras.Model(x, y, name="conv2d_family")
    compile_args = dict(optimizer=keras.optimizers.Adam(5e-3), loss="mse", metrics=["mae"])
    return m, compile_args, lambda rng, n: ([normal(rng, n, 8, 8, 2)], [normal(rng, n, 2)])


def normalization_rmsprop():
    """BatchNormalization on dense features, LayerNormalization, MaxPooling2D; RMSprop."""
    x = keras.Input(shape=(6,), name="x")
    h = layers.Dense(8, name="d1")(x)
    h = layers.BatchNormalization(momentum=0.9, name="bn")(h)
    h = layers.ReLU(name="relu")(h)
    h = layers.LayerNormalization(name="ln")(h)
    h = layers.Reshape((2, 2, 2), name="to_img")(h)
    h = layers.MaxPooling2D(2, strides=1, padding="same", name="mp")(h)
    h = layers.Flatten(name="flat")(h)
    y = layers.Dense(2, name="out")(h)
    m = keras.Model(x, y, name="normalization_rmsprop")
    compile_args = dict(optimizer=keras.optimizers.RMSprop(1e-2), loss="mse")
    return m, compile_args, lambda rng, n: ([normal(rng, n, 6)], [normal(rng, n, 2)])


def embedding():
    """Embedding on int32 ids, LayerNormalization over the feature axis, GlobalAveragePooling1D."""
    m = keras.Sequential(
        [
            keras.Input(shape=(5,), dtype="int32", name="ids"),
            layers.Embedding(20, 4, name="emb"),
            layers.LayerNormalization(epsilon=1e-3, name="ln"),
            layers.GlobalAveragePooling1D(name="gap"),
            layers.Dense(1, activation="sigmoid", name="out"),
        ],
        name="embedding",
    )
    compile_args = dict(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=["accuracy"])
    return m, compile_args, lambda rng, n: ([rng.randint(0, 20, size=(n, 5)).astype("int32")], [rng.randint(0, 2, size=(n, 1)).astype("float32")])


def merge():
    """Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot (plain and normalized)."""
    a = keras.Input(shape=(6,), name="a")
    b = keras.Input(shape=(6,), name="b")
    ha = layers.Dense(4, name="da")(a)
    hb = layers.Dense(4, name="db")(b)
    parts = [
        layers.Add(name="add")([ha, hb]),
        layers.Subtract(name="sub")([ha, hb]),
        layers.Multiply(name="mul")([ha, hb]),
        layers.Average(name="avg")([ha, hb]),
        layers.Maximum(name="max")([ha, hb]),
        layers.Minimum(name="min")([ha, hb]),
        layers.Dot(axes=1, name="dot")([ha, hb]),
        layers.Dot(axes=1, normalize=True, name="cos")([ha, hb]),
    ]
    y = layers.Dense(1, name="out")(layers.Concatenate(name="cat")(parts))
    m = keras.Model([a, b], y, name="merge")
    compile_args = dict(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    return m, compile_args, lambda rng, n: ([normal(rng, n, 6), normal(rng, n, 6)], [normal(rng, n, 1)])


def activations_sgd():
    """PReLU, LeakyReLU, ReLU (max_value/threshold), ELU, Softmax layers; SGD with momentum."""
    m = keras.Sequential(
        [
            keras.Input(shape=(6,), name="x"),
            layers.Dense(6, name="d1"),
            layers.PReLU(alpha_initializer=keras.initializers.Constant(0.1), name="prelu"),
            layers.Dense(6, name="d2"),
            layers.LeakyReLU(negative_slope=0.2, name="leaky"),
            layers.Dense(6, name="d3"),
            layers.ReLU(max_value=1.5, negative_slope=0.05, threshold=0.1, name="relu"),
            layers.Dense(6, name="d4"),
            layers.ELU(alpha=0.7, name="elu"),
            layers.Dense(4, name="d5"),
            layers.Softmax(name="softmax"),
        ],
        name="activations_sgd",
    )
    compile_args = dict(optimizer=keras.optimizers.SGD(5e-2, momentum=0.9), loss="categorical_crossentropy")
    return m, compile_args, lambda rng, n: ([normal(rng, n, 6)], [one_hot(rng, n, 4)])


def preprocessing():
    """Normalization (adapted), Rescaling, CenterCrop, Resizing, and the noise layers
    (GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization); Adam."""
    norm = layers.Normalization(name="norm")
    norm.adapt(np.random.RandomState(77).uniform(0, 255, size=(16, 6, 6, 3)).astype("float32"))
    x = keras.Input(shape=(6, 6, 3), name="img")
    h = norm(x)
    h = layers.Rescaling(0.5, offset=0.1, name="rescale")(h)
    h = layers.CenterCrop(4, 4, name="crop")(h)
    h = layers.Resizing(3, 3, name="resize")(h)
    h = layers.Resizing(5, 5, interpolation="nearest", name="resize_nearest")(h)
    h = layers.GaussianNoise(0.1, name="noise")(h)
    h = layers.Flatten(name="flat")(h)
    h = layers.Dense(8, activation="selu", name="d1")(h)
    h = layers.GaussianDropout(0.2, name="gdrop")(h)
    h = layers.AlphaDropout(0.1, name="adrop")(h)
    h = layers.ActivityRegularization(l1=1e-3, l2=1e-2, name="actreg")(h)
    y = layers.Dense(2, name="out")(h)
    m = keras.Model(x, y, name="preprocessing")
    compile_args = dict(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    return m, compile_args, lambda rng, n: ([rng.uniform(0, 255, size=(n, 6, 6, 3)).astype("float32")], [normal(rng, n, 2)])


def augmentation():
    """The augmentation layers (identity in inference; made inactive for the next training
    step by dropout_off) and an adapted Discretization on a second input; Adam."""
    disc = layers.Discretization(num_bins=4, output_mode="multi_hot", name="disc")
    # Keras's adapt without its tf.data check (no TensorFlow in the venv): the same steps.
    disc.reset_state()
    disc.update_state(np.random.RandomState(78).normal(size=(64, 3)).astype("float32"))
    disc.finalize_state()
    x = keras.Input(shape=(8, 8, 3), name="img")
    f = keras.Input(shape=(3,), name="features")
    h = layers.RandomCrop(6, 6, seed=1, name="rcrop")(x)
    h = layers.Resizing(7, 7, name="resize")(h)
    h = layers.RandomFlip("horizontal", seed=2, name="rflip")(h)
    h = layers.RandomRotation(0.1, fill_mode="constant", fill_value=10.0, seed=3, name="rrot")(h)
    h = layers.RandomZoom(0.1, (-0.2, 0.1), fill_mode="nearest", interpolation="nearest", seed=4, name="rzoom")(h)
    h = layers.RandomTranslation(0.1, 0.2, fill_mode="wrap", seed=5, name="rshift")(h)
    h = layers.RandomContrast(0.2, value_range=(0, 255), seed=6, name="rcontrast")(h)
    bright = layers.RandomBrightness(0.1, seed=7, name="rbright")
    # Keras stores value_range as a tracked list, which the legacy .h5 writer cannot deepcopy
    # ("cannot pickle 'module' object"); a plain tuple writes the same config.
    object.__setattr__(bright, "value_range", tuple(bright.value_range))
    h = bright(h)
    h = layers.RandomErasing(scale=(0.05, 0.2), value_range=(0, 255), seed=8, name="rerase")(h)
    h = layers.MixUp(alpha=0.3, seed=9, name="mixup")(h)
    h = layers.Rescaling(1.0 / 255, name="rescale")(h)
    h = layers.Conv2D(4, 3, activation="relu", name="conv")(h)
    h = layers.Flatten(name="flat")(h)
    h = layers.Concatenate(name="cat")([h, disc(f)])
    y = layers.Dense(3, activation="softmax", name="out")(h)
    m = keras.Model([x, f], y, name="augmentation")
    compile_args = dict(optimizer=keras.optimizers.Adam(1e-2), loss="categorical_crossentropy")
    return m, compile_args, lambda rng, n: ([rng.uniform(0, 255, size=(n, 8, 8, 3)).astype("float32"), normal(rng, n, 3)], [one_hot(rng, n, 3)])


def category_encoding():
    """CategoryEncoding (multi_hot, count, one_hot) on int32 category ids; Adam."""
    ids = keras.Input(shape=(3,), dtype="int32", name="ids")
    a = layers.CategoryEncoding(6, output_mode="multi_hot", name="multi")(ids)
    b = layers.CategoryEncoding(6, output_mode="count", name="count")(ids)
    c = layers.Flatten(name="flat")(layers.CategoryEncoding(6, output_mode="one_hot", name="onehot")(ids))
    y = layers.Dense(2, name="out")(layers.Concatenate(name="cat")([a, b, c]))
    m = keras.Model(ids, y, name="category_encoding")
    compile_args = dict(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    return m, compile_args, lambda rng, n: ([rng.randint(0, 6, size=(n, 3)).astype("int32")], [normal(rng, n, 2)])


def recurrent():
    """Embedding(mask_zero) → Bidirectional(LSTM, return_sequences) → TimeDistributed(Dense) →
    RNN over stacked SimpleRNNCell + GRUCell → SimpleRNN(go_backwards) → GRU → Dense; ids with zeros mid-sequence, so the
    mask matters in every recurrent layer; Adam."""
    m = keras.Sequential(
        [
            keras.Input(shape=(6,), dtype="int32", name="ids"),
            layers.Embedding(12, 4, mask_zero=True, name="emb"),
            layers.Bidirectional(layers.LSTM(3, return_sequences=True), name="bilstm"),
            layers.TimeDistributed(layers.Dense(3, activation="tanh"), name="td"),
            layers.RNN([layers.SimpleRNNCell(3), layers.GRUCell(2)], return_sequences=True, name="stacked"),
            layers.SimpleRNN(3, return_sequences=True, go_backwards=True, name="srnn"),
            layers.GRU(3, name="gru"),
            layers.Dense(1, activation="sigmoid", name="out"),
        ],
        name="recurrent",
    )
    compile_args = dict(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy")
    return m, compile_args, lambda rng, n: ([rng.randint(0, 12, size=(n, 6)).astype("int32")], [rng.randint(0, 2, size=(n, 1)).astype("float32")])


def attention():
    """Embedding(mask_zero) → MultiHeadAttention self-attention (and a causal one) + residual →
    LayerNormalization → Attention / AdditiveAttention / GroupQueryAttention over the embeddings → Concatenate →
    EinsumDense → Unit/Group/RMSNormalization → GlobalAveragePooling1D → Masking → Dense; ids
    with zero padding, so the masks matter in attention and pooling; Adam."""
    ids = keras.Input(shape=(6,), dtype="int32", name="ids")
    e = layers.Embedding(12, 8, mask_zero=True, name="emb")(ids)
    a = layers.MultiHeadAttention(num_heads=2, key_dim=4, name="mha")(e, e)
    h = layers.LayerNormalization(epsilon=1e-6, name="ln")(layers.Add(name="res")([e, a]))
    c = layers.MultiHeadAttention(num_heads=2, key_dim=3, name="causal_mha")(h, h, use_causal_mask=True)
    b = layers.Attention(use_scale=True, name="att")([h, e])
    d = layers.AdditiveAttention(name="add_att")([c, e])
    gq = layers.GroupQueryAttention(head_dim=2, num_query_heads=4, num_key_value_heads=2, name="gqa")(h, e)
    x = layers.Concatenate(name="cat")([b, d, gq])
    x = layers.EinsumDense("abc,cd->abd", output_shape=(None, 8), bias_axes="d", name="ed")(x)
    x = layers.UnitNormalization(name="unit")(x)
    x = layers.GroupNormalization(groups=2, name="gn")(x)
    x = layers.RMSNormalization(name="rms")(x)
    x = layers.GlobalAveragePooling1D(name="gap")(x)
    # Masking after the pooling: before it, Keras records its mask ops (NotEqual, Any) as graph
    # nodes feeding the pooling's `mask` argument, which kerasm's configs do not hold.
    x = layers.Masking(0.0, name="masking")(x)
    y = layers.Dense(1, activation="sigmoid", name="out")(x)
    m = keras.Model(ids, y, name="attention")
    compile_args = dict(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy")

    def data(rng, n):
        x = rng.randint(1, 12, size=(n, 6)).astype("int32")
        for i in range(n):
            x[i, rng.randint(3, 7):] = 0
        return [x], [rng.randint(0, 2, size=(n, 1)).astype("float32")]

    return m, compile_args, data


def cut_mix():
    """CutMix inside a model (it pastes images only there, as Keras on a plain tensor) → Rescaling → Conv2D → Dense; Adam."""
    x = keras.Input(shape=(8, 8, 3), name="img")
    h = layers.CutMix(factor=(0.2, 0.8), seed=3, name="cutmix")(x)
    h = layers.Rescaling(1.0 / 255, name="rescale")(h)
    h = layers.Conv2D(4, 3, activation="relu", name="conv")(h)
    h = layers.Flatten(name="flat")(h)
    y = layers.Dense(3, activation="softmax", name="out")(h)
    m = keras.Model(x, y, name="cut_mix")
    compile_args = dict(optimizer=keras.optimizers.Adam(1e-2), loss="categorical_crossentropy")
    return m, compile_args, lambda rng, n: ([rng.uniform(0, 255, size=(n, 8, 8, 3)).astype("float32")], [one_hot(rng, n, 3)])


MODELS = {
    "mlp": mlp,
    "cnn": cnn,
    "functional_shared": functional_shared,
    "core_reshape": core_reshape,
    "conv1d_pool1d": conv1d_pool1d,
    "conv2d_family": conv2d_family,
    "normalization_rmsprop": normalization_rmsprop,
    "embedding": embedding,
    "merge": merge,
    "activations_sgd": activations_sgd,
    "preprocessing": preprocessing,
    "augmentation": augmentation,
    "category_encoding": category_encoding,
    "recurrent": recurrent,
    "attention": attention,
    "cut_mix": cut_mix,
}


def make(name, seed):
    keras.utils.clear_session()
    keras.utils.set_random_seed(seed)
    model, compile_args, data = MODELS[name]()
    model.compile(**compile_args)
    rng = np.random.RandomState(1000 + seed)
    x_train, y_train = data(rng, BATCH)
    x_pred, _ = data(rng, N_PREDICT)
    fit_x = x_train if len(x_train) > 1 else x_train[0]
    fit_y = y_train if len(y_train) > 1 else y_train[0]
    for _ in range(STEPS_BEFORE_SAVE):
        model.train_on_batch(fit_x, fit_y)

    base = os.path.join(OUT, name)
    model.save(base + ".keras")
    model.save_weights(base + ".weights.h5")
    # Legacy .h5 readers take the architecture and weights; the big models skip the optimizer
    # there to keep the fixtures small (the small ones keep it, as Keras does by default).
    model.save(base + ".h5", include_optimizer=name not in ("mlp", "cnn"))
    predictions = as_list(model.predict(x_pred if len(x_pred) > 1 else x_pred[0], verbose=0))
    assert int(model.optimizer.iterations.numpy()) == STEPS_BEFORE_SAVE

    # The next step, taken by a model Keras itself loaded from the file: proves the file alone
    # carries everything needed to continue (weights, moving statistics, optimizer slots, step count).
    keras.utils.clear_session()
    reloaded = keras.saving.load_model(base + ".keras")
    assert int(reloaded.optimizer.iterations.numpy()) == STEPS_BEFORE_SAVE, "optimizer state was not restored"
    for p, q in zip(predictions, as_list(reloaded.predict(x_pred if len(x_pred) > 1 else x_pred[0], verbose=0))):
        np.testing.assert_array_equal(p, q)
    n_dropout = dropout_off(reloaded)
    step_out = reloaded.train_on_batch(fit_x, fit_y, return_dict=True)

    fixture = {
        "generator": "tests/saving/keras/make_fixtures.py",
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "name": name,
        "model_name": model.name,
        "inputs": [enc(a) for a in x_pred],
        "predictions": [enc(p) for p in predictions],
        "compile_config": model.get_compile_config(),
        "train": {"x": [enc(a) for a in x_train], "y": [enc(a) for a in y_train], "steps_before_save": STEPS_BEFORE_SAVE},
        "optimizer": {"class_name": type(model.optimizer).__name__, "iterations": STEPS_BEFORE_SAVE,
                      "variables": optimizer_variables(model)},
        "next_step": {"dropout_layers_set_to_rate_0": n_dropout, "logs": {k: float(v) for k, v in step_out.items()},
                      "weights": layer_weights(reloaded)},
    }
    with open(base + ".json", "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    sizes = {ext: os.path.getsize(base + ext) for ext in (".keras", ".weights.h5", ".h5", ".json")}
    print(json.dumps({"name": name, "params": model.count_params(), "bytes": sizes}))


def main(argv):
    global OUT
    if argv[:1] == ["--out"]:
        OUT, argv = argv[1], argv[2:]
    os.makedirs(OUT, exist_ok=True)
    names = argv or list(MODELS)
    for name in names:
        make(name, seed=list(MODELS).index(name) + 1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
