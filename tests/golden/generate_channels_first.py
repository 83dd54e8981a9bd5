"""Keras 3 reference values for the layer options issue 9 item 6 made work: channels_first
layers and grouped convolutions.

Same case format as layers.json (output with explicit weights, gradients of
sum(output * w) with respect to the inputs and each weight), reusing generate.py's
helpers: every layer kerasm gives a `data_format`, BatchNormalization(axis=1), and
Conv1D/Conv2D with `groups` > 1.

    KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python tests/golden/generate_channels_first.py

Writes tests/golden/channels_first.json and tests/golden/conv_groups.json.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate as g  # noqa: E402  (sets the backend and the numeric conventions)
from keras import layers as L  # noqa: E402
from keras.src.utils.naming import reset_uids  # noqa: E402

CF = "channels_first"


def cases():
    x1 = g.rnd("cf_x1", (2, 3, 7), -1, 1)        # (batch, channels, steps)
    x2 = g.rnd("cf_x2", (2, 3, 5, 6), -1, 1)     # (batch, channels, rows, cols)
    x2s = g.rnd("cf_x2s", (2, 2, 3, 4), -1, 1)
    specs = [
        ("Conv1D_cf_causal", L.Conv1D(4, 3, padding="causal", dilation_rate=2, data_format=CF), x1),
        ("Conv1D_cf_strides", L.Conv1D(2, 2, strides=2, data_format=CF, activation="relu"), x1),
        ("Conv2D_cf_same_s2", L.Conv2D(4, (2, 3), strides=2, padding="same", data_format=CF), x2),
        ("Conv2D_cf_tanh", L.Conv2D(2, 3, activation="tanh", data_format=CF), x2),
        ("Conv2DTranspose_cf", L.Conv2DTranspose(2, 3, strides=2, output_padding=1, data_format=CF), x2s),
        ("DepthwiseConv2D_cf", L.DepthwiseConv2D(3, depth_multiplier=2, padding="same", data_format=CF), x2),
        ("SeparableConv2D_cf", L.SeparableConv2D(4, 2, data_format=CF), x2),
        ("MaxPooling1D_cf", L.MaxPooling1D(3, strides=2, padding="same", data_format=CF), x1),
        ("AveragePooling1D_cf", L.AveragePooling1D(2, data_format=CF), x1),
        ("MaxPooling2D_cf", L.MaxPooling2D(2, data_format=CF), x2),
        ("AveragePooling2D_cf_same", L.AveragePooling2D(3, strides=2, padding="same", data_format=CF), x2),
        ("GlobalAveragePooling1D_cf", L.GlobalAveragePooling1D(data_format=CF), x1),
        ("GlobalMaxPooling2D_cf_keepdims", L.GlobalMaxPooling2D(data_format=CF, keepdims=True), x2),
        ("GlobalAveragePooling2D_cf", L.GlobalAveragePooling2D(data_format=CF), x2),
        ("UpSampling2D_cf_nearest", L.UpSampling2D((2, 3), data_format=CF), x2s),
        ("UpSampling2D_cf_bilinear", L.UpSampling2D(2, interpolation="bilinear", data_format=CF), x2s),
        ("ZeroPadding2D_cf", L.ZeroPadding2D(((1, 0), (2, 1)), data_format=CF), x2s),
        ("Cropping2D_cf", L.Cropping2D(((1, 0), (0, 2)), data_format=CF), x2),
        ("Flatten_cf", L.Flatten(data_format=CF), x2s),
        ("BatchNormalization_axis1_inference", L.BatchNormalization(axis=1), x2),
    ]
    out = []
    for cid, layer, x in specs:
        reset_uids()
        out.append(g.layer_case(cid, layer, x))
    reset_uids()
    out.append(g.layer_case("BatchNormalization_axis1_training", L.BatchNormalization(axis=1, momentum=0.9), x2,
                            call_kwargs={"training": True}, record_state_update=True))
    return out


def group_cases():
    x1 = g.rnd("grp_x1", (2, 7, 4), -1, 1)
    x2 = g.rnd("grp_x2", (2, 5, 6, 6), -1, 1)
    specs = [
        ("Conv1D_groups2_same", L.Conv1D(6, 3, groups=2, padding="same"), x1),
        ("Conv2D_groups2", L.Conv2D(4, 3, groups=2), x2),
        ("Conv2D_groups3_relu_strides", L.Conv2D(6, 2, strides=2, groups=3, activation="relu", padding="same"), x2),
        ("Conv2D_groups6_tanh", L.Conv2D(6, (2, 3), groups=6, activation="tanh"), x2),
        ("Conv2D_groups2_channels_first", L.Conv2D(4, 2, groups=2, data_format=CF), g.rnd("grp_x2cf", (2, 4, 5, 5), -1, 1)),
    ]
    out = []
    for cid, layer, x in specs:
        reset_uids()
        out.append(g.layer_case(cid, layer, x))
    return out


def main():
    doc = {**g.header(), "generator": "tests/golden/generate_channels_first.py",
           "description": "layers.json's format for channels_first layers: output with explicit weights, "
                          "gradients of sum(output * w) with respect to inputs and weights.",
           "cases": cases()}
    g.write(g.HERE, "channels_first.json", doc)
    doc = {**g.header(), "generator": "tests/golden/generate_channels_first.py",
           "description": "layers.json's format for grouped convolutions (groups > 1).",
           "cases": group_cases()}
    g.write(g.HERE, "conv_groups.json", doc)


if __name__ == "__main__":
    main()
