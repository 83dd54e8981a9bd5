"""What make_fixtures.py and check_kerasm_files.py share: the Keras set-up and the array
encoding of the JSON sidecars.

Arrays are {"dtype": "float32"|"int32", "shape": [...], "b64": <little-endian bytes, base64>}
so the values are bit-exact and the files stay small.
"""
import base64
import os
import warnings

os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import keras  # noqa: E402

assert keras.backend.backend() == "jax", keras.backend.backend()


def enc(a):
    a = np.asarray(a)
    if a.dtype.kind in "iub":
        a = a.astype("<i4")
        dtype = "int32"
    else:
        a = a.astype("<f4")
        dtype = "float32"
    return {"dtype": dtype, "shape": list(a.shape), "b64": base64.b64encode(a.tobytes()).decode("ascii")}


def dec(o):
    dt = {"float32": "<f4", "int32": "<i4"}[o["dtype"]]
    return np.frombuffer(base64.b64decode(o["b64"]), dtype=dt).reshape(o["shape"]).copy()


def as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def layer_weights(model):
    """Every layer's variables in Keras order (trainable first, then moving statistics)."""
    return [
        {"layer": layer.name, "index": i, "name": v.name, "value": enc(v.numpy())}
        for layer in model.layers
        for i, v in enumerate(layer.weights)
    ]


def optimizer_variables(model):
    """Keras's optimizer.variables: iterations, learning_rate, then the slots in trainable-variable order."""
    return [{"name": v.name, "path": v.path, "value": enc(np.asarray(v.numpy()))} for v in model.optimizer.variables]


def dropout_off(model):
    """Sets every Dropout's (and noise layer's) rate/stddev to 0 so one training step is deterministic in both libraries.
    Must run before the first train_on_batch (the JAX trainer traces the rate once)."""
    n = 0
    for layer in model.layers:
        if isinstance(layer, (keras.layers.Dropout, keras.layers.GaussianDropout, keras.layers.AlphaDropout)):
            layer.rate = 0.0
            n += 1
        elif isinstance(layer, keras.layers.GaussianNoise):
            layer.stddev = 0.0
            n += 1
        elif augmentation_off(layer):
            n += 1
    return n


def augmentation_off(layer):
    """Makes a random augmentation layer draw its identity transformation (a RandomCrop: the
    window at (1, 1)); False for other layers. fixture_io.ts's augmentationOff does the same."""
    L = keras.layers
    if isinstance(layer, (L.RandomFlip, L.CutMix)):
        layer.get_random_transformation = lambda data, training=True, seed=None: None
    elif isinstance(layer, L.RandomCrop):
        layer.get_random_transformation = lambda data, training=True, seed=None: (1, 1)
    elif isinstance(layer, L.MixUp):
        def no_mix(data, training=True, seed=None):
            n = keras.ops.shape(data)[0]
            return {"mix_weight": keras.ops.ones((n,)), "permutation_order": keras.ops.arange(n)}
        layer.get_random_transformation = no_mix
    elif isinstance(layer, (L.RandomRotation, L.RandomContrast, L.RandomBrightness, L.RandomErasing)):
        layer.factor = (0.0, 0.0)
    elif isinstance(layer, (L.RandomZoom, L.RandomTranslation)):
        layer.height_lower = layer.height_upper = 0.0
        layer.width_lower = layer.width_upper = 0.0
    else:
        return False
    return True
