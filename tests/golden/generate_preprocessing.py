"""Keras 3 reference values for the preprocessing and noise layers of issue 12.

Deterministic layers (Rescaling, Normalization with given or adapted statistics, CenterCrop,
Resizing, and the random layers in inference mode, where they are the identity) use
layers.json's case format through generate.py's `layer_case`: the output, the gradient of
sum(output * w) with respect to the input, and the config. Normalization's `adapt` cases
record the adapted mean/variance and the output after adapt. ActivityRegularization also
records the loss it adds. Rescaling, Normalization, CenterCrop and Resizing compute the same
in training and inference (Rescaling's and Normalization's `call` take no `training`), so the
TypeScript test checks both modes against one output.

    KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python tests/golden/generate_preprocessing.py

Writes tests/golden/preprocessing.json.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate as g  # noqa: E402  (sets the backend and the numeric conventions)
import numpy as np  # noqa: E402
from keras import layers as L  # noqa: E402
from keras.src.utils.naming import reset_uids  # noqa: E402


def layer_cases():
    x2 = g.rnd("pp_x2", (4, 3), -2, 2)
    x3 = g.rnd("pp_x3", (2, 3, 4), -1, 1)
    img = g.rnd("pp_img", (2, 6, 5, 3), 0, 1)
    small = g.rnd("pp_small", (1, 3, 4, 2), -1, 1)
    big = g.rnd("pp_big", (2, 7, 8, 2), -1, 1)
    pix = np.arange(2 * 2 * 2 * 3, dtype=np.int32).reshape(2, 2, 2, 3) * 10
    specs = [
        ("Rescaling_255", L.Rescaling(1.0 / 255), img, {}),
        ("Rescaling_offset", L.Rescaling(1.0 / 127.5, offset=-1.0), img, {}),
        ("Rescaling_per_channel", L.Rescaling([0.5, 2.0, -1.0], offset=[0.0, 1.0, 2.0]), img, {}),
        ("Rescaling_int_input", L.Rescaling(0.5, offset=0.25), pix, {}),
        ("Rescaling_rank3", L.Rescaling(2.0, offset=1.0), x3, {}),
        ("ActivityRegularization_identity", L.ActivityRegularization(l1=0.01, l2=0.1), x3, {}),
        ("GaussianNoise_inference", L.GaussianNoise(0.1, seed=3), x3, {"training": False}),
        ("GaussianDropout_inference", L.GaussianDropout(0.3, seed=1), x3, {"training": False}),
        ("AlphaDropout_inference", L.AlphaDropout(0.2, noise_shape=[None, 1, 4], seed=2), x3, {"training": False}),
        ("Normalization_given", L.Normalization(mean=[0.5, -0.2, 1.0], variance=[1.0, 4.0, 0.25]), x2, {}),
        ("Normalization_given_invert", L.Normalization(mean=[0.5, -0.2, 1.0], variance=[1.0, 4.0, 0.25], invert=True), x2, {}),
        ("Normalization_given_scalar", L.Normalization(axis=None, mean=2.0, variance=4.0), x3, {}),
        ("Normalization_given_axes_1_2", L.Normalization(axis=(1, 2), mean=np.full((3, 4), 0.1).tolist(), variance=np.full((3, 4), 2.0).tolist()), x3, {}),
        ("CenterCrop_odd", L.CenterCrop(4, 2), img, {}),
        ("CenterCrop_training", L.CenterCrop(3, 3), img, {"training": True}),
        ("CenterCrop_same", L.CenterCrop(6, 5), img, {}),
        ("CenterCrop_larger_resizes", L.CenterCrop(6, 3), small, {}),
        ("Resizing_bilinear_up", L.Resizing(5, 7), small, {}),
        ("Resizing_bilinear_down", L.Resizing(4, 3), big, {}),
        ("Resizing_nearest_up", L.Resizing(5, 7, interpolation="nearest"), small, {}),
        ("Resizing_nearest_down", L.Resizing(4, 3, interpolation="nearest"), big, {}),
        ("Resizing_crop_to_aspect_ratio", L.Resizing(3, 3, crop_to_aspect_ratio=True), big, {}),
        ("Resizing_crop_to_aspect_ratio_tall", L.Resizing(6, 2, interpolation="nearest", crop_to_aspect_ratio=True), big, {}),
        ("Resizing_pad_to_aspect_ratio", L.Resizing(4, 6, pad_to_aspect_ratio=True, fill_value=0.5), small, {}),
        ("Resizing_pad_to_aspect_ratio_tall", L.Resizing(6, 2, pad_to_aspect_ratio=True), small, {}),
        ("Resizing_channels_first", L.Resizing(5, 3, data_format="channels_first"), big, {}),
        ("CenterCrop_channels_first", L.CenterCrop(3, 4, data_format="channels_first"), big, {}),
        ("CenterCrop_unbatched", L.CenterCrop(3, 2), img[0], {}),
        ("Resizing_unbatched_nearest", L.Resizing(4, 9, interpolation="nearest"), img[1], {}),
        ("RandomFlip_inference", L.RandomFlip("horizontal", seed=5), img, {"training": False}),
    ]
    out = []
    for cid, layer, x, kw in specs:
        reset_uids()
        case = g.layer_case(cid, layer, x, call_kwargs=kw)
        if isinstance(layer, L.ActivityRegularization):
            layer(x)
            case["losses"] = [g.scalar(v) for v in layer.losses]
        out.append(case)
    return out


def adapt_cases():
    """Normalization.adapt: statistics, weights (mean, variance, count), output, config.
    Arrays only: Keras's adapt on an iterable of batches needs TensorFlow, which the venv lacks."""
    data2 = g.rnd("pp_adapt2", (10, 3), -3, 5)
    data3 = g.rnd("pp_adapt3", (6, 3, 2), -2, 2)
    specs = [
        ("adapt_last_axis", dict(axis=-1), data2, data2[:3]),
        ("adapt_axis_none", dict(axis=None), data3, data3[:2]),
        ("adapt_axes_1_2", dict(axis=(1, 2)), data3, data3[:2]),
        ("adapt_axis_1_rank3", dict(axis=1), data3, data3[:2]),
        ("adapt_invert", dict(axis=-1, invert=True), data2, data2[:3]),
    ]
    out = []
    for cid, kw, data, x in specs:
        reset_uids()
        layer = L.Normalization(**kw)
        layer.adapt(data)
        y = layer(x)
        out.append({
            "case": cid,
            "options": g.clean(kw),
            "data": g.tensor(data),
            "weights": [{"name": w.name, **g.tensor(np.asarray(w.value))} for w in layer.weights],
            "x": g.tensor(x),
            "output": g.tensor(y),
            "config": g.clean(layer.get_config()),
        })
    return out


def main():
    doc = {**g.header(), "generator": "tests/golden/generate_preprocessing.py",
           "description": "Preprocessing and noise layers: layers.json's case format (output, gradients of "
                          "sum(output * w) with respect to the input, config) plus Normalization.adapt statistics.",
           "cases": layer_cases(), "adapt": adapt_cases()}
    g.write(g.HERE, "preprocessing.json", doc)


if __name__ == "__main__":
    main()
