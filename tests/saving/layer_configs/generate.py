"""Keras 3 reference configs for kerasm's layers, initializers, regularizers, constraints
and activations: what `get_config()` / `serialize()` return, and Keras's default layer names.

Run (pinned venv with TensorFlow for the string layers, see tests/golden/requirements_text.txt; the
other cases come out the same as with the main venv):
    KERAS_BACKEND=jax ~/.cache/kerasm/venv-text/bin/python tests/saving/layer_configs/generate.py

Writes tests/saving/layer_configs/keras_configs.json (deterministic: uids are reset per case).
"""

import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
from keras import layers as L, initializers as I, regularizers as R, constraints as C, activations as A  # noqa: E402
from keras.src.utils.naming import reset_uids  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keras_configs.json")

# (class name, required kwargs) for every layer class kerasm has. The kwargs are the
# smallest valid construction; kerasm's test camel-cases them.
LAYER_CLASSES = [
    ("InputLayer", {"shape": [4]}),
    ("Dense", {"units": 3}),
    ("Activation", {"activation": "relu"}),
    ("Dropout", {"rate": 0.5}),
    ("SpatialDropout2D", {"rate": 0.5}),
    ("Flatten", {}),
    ("Reshape", {"target_shape": [2, 2]}),
    ("Permute", {"dims": [2, 1]}),
    ("RepeatVector", {"n": 3}),
    ("Embedding", {"input_dim": 5, "output_dim": 3}),
    ("LayerNormalization", {}),
    ("BatchNormalization", {}),
    ("Add", {}), ("Subtract", {}), ("Multiply", {}), ("Average", {}), ("Maximum", {}), ("Minimum", {}),
    ("Concatenate", {}),
    ("Dot", {"axes": 1}),
    ("ReLU", {}), ("LeakyReLU", {}), ("ELU", {}), ("Softmax", {}), ("PReLU", {}),
    ("Conv1D", {"filters": 2, "kernel_size": 3}),
    ("Conv2D", {"filters": 2, "kernel_size": 3}),
    ("Conv2DTranspose", {"filters": 2, "kernel_size": 3}),
    ("DepthwiseConv2D", {"kernel_size": 3}),
    ("SeparableConv2D", {"filters": 2, "kernel_size": 3}),
    ("MaxPooling1D", {}), ("MaxPooling2D", {}),
    ("AveragePooling1D", {"pool_size": 2}), ("AveragePooling2D", {"pool_size": 2}),
    ("GlobalAveragePooling1D", {}), ("GlobalAveragePooling2D", {}),
    ("GlobalMaxPooling1D", {}), ("GlobalMaxPooling2D", {}),
    ("ZeroPadding2D", {}), ("Cropping2D", {}), ("UpSampling2D", {}),
    ("Rescaling", {"scale": 0.5}), ("Normalization", {}), ("CenterCrop", {"height": 2, "width": 3}),
    ("Resizing", {"height": 2, "width": 3}), ("ActivityRegularization", {}),
    ("GaussianNoise", {"stddev": 0.1}), ("GaussianDropout", {"rate": 0.1}), ("AlphaDropout", {"rate": 0.1}),
    ("RandomFlip", {}), ("RandomRotation", {"factor": 0.1}), ("RandomZoom", {"height_factor": 0.2}),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": 0.2}), ("RandomCrop", {"height": 2, "width": 3, "seed": 5}),
    ("RandomContrast", {"factor": 0.2}), ("RandomBrightness", {"factor": 0.2}), ("Discretization", {"bin_boundaries": [0.0, 1.0]}),
    ("MixUp", {}), ("RandomErasing", {}), ("CutMix", {}),
    ("CategoryEncoding", {"num_tokens": 4}),
    ("SimpleRNN", {"units": 3}), ("LSTM", {"units": 3}), ("GRU", {"units": 3}),
    ("SimpleRNNCell", {"units": 3}), ("LSTMCell", {"units": 3}), ("GRUCell", {"units": 3}),
    ("RNN", {"cell": ("layer", "LSTMCell", {"units": 2, "name": "cell"})}),
    ("StackedRNNCells", {"cells": [("layer", "SimpleRNNCell", {"units": 2, "name": "c1"}), ("layer", "GRUCell", {"units": 3, "name": "c2"})]}),
    ("Bidirectional", {"layer": ("layer", "LSTM", {"units": 2, "return_sequences": True, "name": "lstm"})}),
    ("TimeDistributed", {"layer": ("layer", "Dense", {"units": 2, "name": "d"})}),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}), ("GroupQueryAttention", {"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2}), ("EinsumDense", {"equation": "ab,bc->ac", "output_shape": 4}),
    ("Attention", {}), ("AdditiveAttention", {}), ("UnitNormalization", {}), ("GroupNormalization", {}),
    ("RMSNormalization", {}), ("Masking", {}),
    # The string layers need TensorFlow installed (run with the text venv, see tests/golden/requirements_text.txt).
    ("TextVectorization", {"max_tokens": 20, "output_sequence_length": 4}), ("StringLookup", {"vocabulary": ["a", "b"]}),
    ("IntegerLookup", {"vocabulary": [3, 9]}), ("Hashing", {"num_bins": 8}),
]

# Non-default constructions: nested objects with arguments, channels_first, etc.
# Values that are Keras objects are written as ("init"|"reg"|"con", class, kwargs).
EXTRA_LAYERS = [
    ("Dense", "Dense_everything", {
        "units": 4, "activation": "swish", "use_bias": True,
        "kernel_initializer": ("init", "VarianceScaling", {"scale": 2.0, "mode": "fan_out", "distribution": "uniform", "seed": 7}),
        "bias_initializer": ("init", "Constant", {"value": 0.5}),
        "kernel_regularizer": ("reg", "L1L2", {"l1": 0.001, "l2": 0.002}),
        "bias_regularizer": ("reg", "L2", {"l2": 0.01}),
        "activity_regularizer": ("reg", "L1", {"l1": 0.003}),
        "kernel_constraint": ("con", "MaxNorm", {"max_value": 3, "axis": 0}),
        "bias_constraint": ("con", "NonNeg", {}),
    }),
    ("Dense", "Dense_he_l2_unitnorm", {
        "units": 2, "activation": "hard_swish", "kernel_initializer": "he_normal",
        "kernel_regularizer": "l2", "kernel_constraint": ("con", "UnitNorm", {"axis": 1}),
    }),
    ("Conv2D", "Conv2D_channels_first", {
        "filters": 3, "kernel_size": [2, 3], "strides": 2, "padding": "same", "data_format": "channels_first",
        "activation": "relu", "kernel_initializer": ("init", "HeUniform", {"seed": 3}),
        "kernel_regularizer": ("reg", "OrthogonalRegularizer", {"factor": 0.02, "mode": "columns"}),
        "bias_constraint": ("con", "MinMaxNorm", {"min_value": 0.1, "max_value": 2.0, "rate": 0.5, "axis": 0}),
    }),
    ("Conv1D", "Conv1D_channels_first_dilated", {"filters": 2, "kernel_size": 2, "dilation_rate": 2, "data_format": "channels_first", "use_bias": False}),
    ("Conv2DTranspose", "Conv2DTranspose_output_padding", {"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 1, "data_format": "channels_first"}),
    ("DepthwiseConv2D", "DepthwiseConv2D_regs", {
        "kernel_size": 3, "depth_multiplier": 2, "depthwise_initializer": ("init", "Orthogonal", {"gain": 2.0, "seed": 1}),
        "depthwise_regularizer": ("reg", "L2", {"l2": 0.1}), "depthwise_constraint": ("con", "NonNeg", {}), "data_format": "channels_first",
    }),
    ("SeparableConv2D", "SeparableConv2D_regs", {
        "filters": 2, "kernel_size": 3, "pointwise_initializer": ("init", "LecunNormal", {"seed": 5}),
        "pointwise_regularizer": ("reg", "L1", {"l1": 0.1}), "pointwise_constraint": ("con", "MaxNorm", {"max_value": 1.5, "axis": [0, 1, 2]}),
    }),
    ("Embedding", "Embedding_regs", {
        "input_dim": 10, "output_dim": 4, "embeddings_initializer": ("init", "RandomNormal", {"mean": 0.1, "stddev": 0.2, "seed": 9}),
        "embeddings_regularizer": ("reg", "L2", {"l2": 0.001}), "embeddings_constraint": ("con", "UnitNorm", {"axis": 1}),
        "activity_regularizer": ("reg", "L1", {"l1": 0.01}),
    }),
    ("BatchNormalization", "BatchNormalization_regs", {
        "momentum": 0.9, "epsilon": 1e-5, "center": False,
        "gamma_initializer": ("init", "TruncatedNormal", {"mean": 1.0, "stddev": 0.02, "seed": 4}),
        "moving_variance_initializer": ("init", "Constant", {"value": 2.0}),
        "gamma_regularizer": ("reg", "L2", {"l2": 0.1}), "gamma_constraint": ("con", "NonNeg", {}),
    }),
    ("BatchNormalization", "BatchNormalization_axis1", {"axis": 1}),
    ("LayerNormalization", "LayerNormalization_regs", {
        "axis": [1, 2], "epsilon": 1e-6, "beta_initializer": ("init", "RandomUniform", {"minval": -1.0, "maxval": 1.0, "seed": 2}),
        "beta_regularizer": ("reg", "L1", {"l1": 0.5}), "gamma_constraint": ("con", "MaxNorm", {"max_value": 2.0, "axis": 0}),
    }),
    ("PReLU", "PReLU_shared", {
        "alpha_initializer": ("init", "Constant", {"value": 0.25}), "shared_axes": [1, 2],
        "alpha_regularizer": ("reg", "L2", {"l2": 0.01}), "alpha_constraint": ("con", "NonNeg", {}),
    }),
    ("Dropout", "Dropout_noise_shape", {"rate": 0.25, "noise_shape": [None, 1, 3], "seed": 11}),
    ("SpatialDropout2D", "SpatialDropout2D_channels_first", {"rate": 0.3, "data_format": "channels_first", "seed": 2}),
    ("Flatten", "Flatten_channels_first", {"data_format": "channels_first"}),
    ("MaxPooling2D", "MaxPooling2D_channels_first", {"pool_size": 3, "strides": 1, "padding": "same", "data_format": "channels_first"}),
    ("AveragePooling1D", "AveragePooling1D_channels_first", {"pool_size": 2, "data_format": "channels_first"}),
    ("GlobalMaxPooling2D", "GlobalMaxPooling2D_channels_first", {"data_format": "channels_first", "keepdims": True}),
    ("UpSampling2D", "UpSampling2D_channels_first", {"size": [2, 3], "interpolation": "bilinear", "data_format": "channels_first"}),
    ("ZeroPadding2D", "ZeroPadding2D_channels_first", {"padding": [1, 2], "data_format": "channels_first"}),
    ("Cropping2D", "Cropping2D_channels_first", {"cropping": 1, "data_format": "channels_first"}),
    ("Softmax", "Softmax_axis1", {"axis": 1}),
    ("ReLU", "ReLU_all", {"max_value": 6.0, "negative_slope": 0.1, "threshold": 0.5}),
    ("InputLayer", "InputLayer_int", {"batch_shape": [8, 5], "dtype": "int32", "name": "tokens"}),
    ("Concatenate", "Concatenate_axis1", {"axis": 1}),
    ("Dot", "Dot_pair", {"axes": [1, 2], "normalize": True}),
    ("RandomFlip", "RandomFlip_vertical_seeded", {"mode": "vertical", "seed": 3, "data_format": "channels_first"}),
    ("RandomRotation", "RandomRotation_everything", {"factor": [-0.2, 0.3], "fill_mode": "constant", "interpolation": "nearest", "seed": 1, "fill_value": 2.5}),
    ("RandomZoom", "RandomZoom_both", {"height_factor": [-0.3, 0.2], "width_factor": 0.1, "fill_mode": "wrap", "seed": 4}),
    ("RandomTranslation", "RandomTranslation_pairs", {"height_factor": [-0.1, 0.3], "width_factor": [0.2, -0.2], "fill_mode": "nearest", "interpolation": "nearest"}),
    ("RandomContrast", "RandomContrast_pair", {"factor": [0.1, 0.4], "value_range": [0, 1], "seed": 2}),
    ("RandomBrightness", "RandomBrightness_pair", {"factor": [-0.3, 0.1], "value_range": [1, -1], "seed": 2}),
    ("Discretization", "Discretization_num_bins", {"num_bins": 5, "epsilon": 0.02, "output_mode": "count"}),
    ("MixUp", "MixUp_alpha", {"alpha": 0.5, "seed": 3, "data_format": "channels_first"}),
    ("RandomErasing", "RandomErasing_everything", {"factor": [0.2, 0.6], "scale": 0.3, "fill_value": [1.0, 2.0, 3.0], "value_range": [0, 1], "seed": 4}),
    ("CutMix", "CutMix_pair", {"factor": [0.7, 0.2], "seed": 5, "data_format": "channels_first"}),
    ("CategoryEncoding", "CategoryEncoding_count", {"num_tokens": 3, "output_mode": "count"}),
]

INITIALIZERS = [
    ("Zeros", {}), ("Ones", {}), ("Constant", {}), ("Constant", {"value": 3.5}),
    ("RandomNormal", {}), ("RandomNormal", {"mean": 1.0, "stddev": 2.0, "seed": 3}),
    ("RandomUniform", {}), ("RandomUniform", {"minval": 0.0, "maxval": 2.0, "seed": 4}),
    ("TruncatedNormal", {}), ("TruncatedNormal", {"mean": -1.0, "stddev": 0.5, "seed": 5}),
    ("VarianceScaling", {}), ("VarianceScaling", {"scale": 0.5, "mode": "fan_avg", "distribution": "untruncated_normal", "seed": 6}),
    ("VarianceScaling", {"input_axes": [0], "output_axes": [1]}),
    ("GlorotUniform", {}), ("GlorotUniform", {"seed": 1}), ("GlorotNormal", {}), ("HeNormal", {}), ("HeUniform", {"seed": 2}),
    ("LecunNormal", {}), ("LecunUniform", {}), ("Orthogonal", {}), ("Orthogonal", {"gain": 0.5, "seed": 8}),
    ("Identity", {}), ("Identity", {"gain": 2.0}),
]
# String identifiers Keras accepts, with the class they resolve to.
INITIALIZER_NAMES = ["zeros", "ones", "random_normal", "random_uniform", "truncated_normal",
                     "variance_scaling", "glorot_uniform", "glorot_normal", "he_normal", "he_uniform",
                     "lecun_normal", "lecun_uniform", "orthogonal", "identity", "normal", "uniform", "zero", "one",
                     "GlorotUniform", "HeNormal"]

REGULARIZERS = [("L1", {}), ("L1", {"l1": 0.5}), ("L2", {}), ("L2", {"l2": 0.25}), ("L1L2", {}), ("L1L2", {"l1": 0.1, "l2": 0.2}),
                ("OrthogonalRegularizer", {}), ("OrthogonalRegularizer", {"factor": 0.1, "mode": "columns"})]
REGULARIZER_NAMES = ["l1", "l2", "l1l2", "L1", "L2", "L1L2", "orthogonal_regularizer"]

CONSTRAINTS = [("MaxNorm", {}), ("MaxNorm", {"max_value": 3.0, "axis": [0, 1]}), ("NonNeg", {}), ("UnitNorm", {}),
               ("UnitNorm", {"axis": 1}), ("MinMaxNorm", {}), ("MinMaxNorm", {"min_value": 0.5, "max_value": 2.0, "rate": 0.5, "axis": 1})]
CONSTRAINT_NAMES = ["max_norm", "non_neg", "unit_norm", "min_max_norm", "MaxNorm", "NonNeg"]

ACTIVATIONS = ["linear", "relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "silu", "swish", "sigmoid", "tanh",
               "softplus", "softsign", "hard_sigmoid", "hard_silu", "hard_swish", "mish", "exponential", "softmax",
               "log_softmax", None]

MODS = {"init": I, "reg": R, "con": C, "layer": L}


def build(v):
    if isinstance(v, list):
        return [build(x) for x in v]
    if isinstance(v, tuple):
        kind, cls, kw = v
        return getattr(MODS[kind], cls)(**kw)
    return v


def plain(v):
    """kwargs for the JSON file: Keras objects become their serialized dicts."""
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, tuple):
        return keras.saving.serialize_keras_object(build(v))
    return v


def layer_case(cls, case, kwargs):
    reset_uids()
    obj = getattr(L, cls)(**{k: build(v) for k, v in kwargs.items()})
    return {"class_name": cls, "case": case, "kwargs": {k: plain(v) for k, v in kwargs.items()},
            "config": obj.get_config(), "serialized": keras.saving.serialize_keras_object(obj)}


def default_names(cls, kwargs):
    reset_uids()
    a = getattr(L, cls)(**{k: build(v) for k, v in kwargs.items()})
    b = getattr(L, cls)(**{k: build(v) for k, v in kwargs.items()})
    return [a.name, b.name]


def obj_case(mod, cls, kw):
    obj = getattr(mod, cls)(**kw)
    return {"class_name": cls, "kwargs": kw, "serialized": keras.saving.serialize_keras_object(obj)}


def main():
    out = {
        "generator": "tests/saving/layer_configs/generate.py",
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "layers": [layer_case(c, c, kw) for c, kw in LAYER_CLASSES] + [layer_case(c, n, kw) for c, n, kw in EXTRA_LAYERS],
        "default_names": {c: default_names(c, kw) for c, kw in LAYER_CLASSES},
        "initializers": [obj_case(I, c, kw) for c, kw in INITIALIZERS],
        "initializer_names": {n: keras.saving.serialize_keras_object(I.get(n)) for n in INITIALIZER_NAMES},
        "regularizers": [obj_case(R, c, kw) for c, kw in REGULARIZERS],
        "regularizer_names": {n: keras.saving.serialize_keras_object(R.get(n)) for n in REGULARIZER_NAMES},
        "constraints": [obj_case(C, c, kw) for c, kw in CONSTRAINTS],
        "constraint_names": {n: keras.saving.serialize_keras_object(C.get(n)) for n in CONSTRAINT_NAMES},
        "activations": {str(n): A.serialize(A.get(n)) for n in ACTIVATIONS},
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {OUT}: {len(out['layers'])} layer cases", file=sys.stderr)


if __name__ == "__main__":
    main()
