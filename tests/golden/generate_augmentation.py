"""Keras 3 reference values for the augmentation layers and Discretization (issue 12).

What is deterministic in Keras, checked elementwise by tests/layers/augmentation.test.ts:
- `cases` (layers.json's case format through generate.py's `layer_case`: output, gradient of
  sum(output * w) with respect to the input, config): every random layer in inference (the
  identity); in training, the geometry with fixed factors (`factor=(a, a)` draws exactly a)
  for RandomRotation / RandomZoom / RandomTranslation over every fill mode and
  interpolation, RandomBrightness with a fixed delta, RandomCrop's aspect-ratio path;
  Discretization with given boundaries in every output mode.
- `transforms`: layers whose draws cannot be pinned by a factor (RandomFlip's coin,
  RandomContrast's factor, RandomCrop's offset, MixUp's weights and pairs, RandomErasing's
  boxes), through Keras's own `transform_images`
  with explicit transformations.
- `adapt`: Discretization.adapt's learned boundaries and the output after adapt.

    KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python tests/golden/generate_augmentation.py

Writes tests/golden/augmentation.json.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate as g  # noqa: E402  (sets the backend and the numeric conventions)
import numpy as np  # noqa: E402
from keras import layers as L  # noqa: E402
from keras.src.utils.naming import reset_uids  # noqa: E402

FILLS = ["reflect", "wrap", "constant", "nearest"]
INTERPS = ["bilinear", "nearest"]


def layer_cases():
    img = g.rnd("aug_img", (2, 7, 6, 3), 0, 1)
    big = g.rnd("aug_big", (2, 9, 8, 2), 0, 1)
    pix = (g.rnd("aug_pix", (2, 5, 5, 1), 0, 255, decimals=0)).astype(np.int32)
    tr = {"training": True}
    inf = {"training": False}
    specs = [
        ("RandomFlip_inference", L.RandomFlip("horizontal", seed=5), img, inf),
        ("RandomFlip_inference_int", L.RandomFlip(), pix, inf),
        ("RandomRotation_inference", L.RandomRotation(0.2, seed=1), img, inf),
        ("RandomZoom_inference", L.RandomZoom(0.2, 0.3, seed=2), img, inf),
        ("RandomTranslation_inference", L.RandomTranslation(0.1, (-0.2, 0.3), seed=3), img, inf),
        ("RandomCrop_inference", L.RandomCrop(4, 4, seed=4), img, inf),
        ("RandomContrast_inference", L.RandomContrast(0.3, value_range=(0, 1), seed=6), img, inf),
        ("RandomBrightness_inference", L.RandomBrightness((-0.2, 0.4), value_range=(1, 0), seed=7), img, inf),
        ("MixUp_inference", L.MixUp(alpha=0.4, seed=8), img, inf),
        ("RandomErasing_inference", L.RandomErasing(factor=0.7, scale=(0.1, 0.4), fill_value=3.0, value_range=(0, 1), seed=9), img, inf),
    ]
    for fill in FILLS:
        for interp in INTERPS:
            kw = dict(fill_mode=fill, interpolation=interp, fill_value=0.5 if fill == "constant" else 0.0)
            specs.append((f"RandomRotation_fixed_{fill}_{interp}", L.RandomRotation((0.07, 0.07), **kw), img, tr))
            specs.append((f"RandomZoom_fixed_{fill}_{interp}", L.RandomZoom((0.3, 0.3), (-0.2, -0.2), **kw), img, tr))
            specs.append((f"RandomTranslation_fixed_{fill}_{interp}", L.RandomTranslation((0.3, 0.3), (-0.4, -0.4), **kw), img, tr))
    specs += [
        ("RandomRotation_fixed_negative_big", L.RandomRotation((-0.3, -0.3)), big, tr),
        ("RandomRotation_fixed_channels_first", L.RandomRotation((0.1, 0.1), data_format="channels_first"), big, tr),
        ("RandomRotation_fixed_unbatched", L.RandomRotation((0.05, 0.05)), img[0], tr),
        ("RandomZoom_fixed_in_keeps_aspect", L.RandomZoom((-0.25, -0.25)), big, tr),
        ("RandomZoom_fixed_channels_first", L.RandomZoom((0.4, 0.4), fill_mode="constant", data_format="channels_first"), big, tr),
        ("RandomTranslation_fixed_unbatched", L.RandomTranslation((-0.1, -0.1), (0.25, 0.25), fill_mode="wrap"), big[1], tr),
        ("RandomBrightness_fixed_up", L.RandomBrightness((0.1, 0.1), value_range=(0, 1)), img, tr),
        ("RandomBrightness_fixed_down_255", L.RandomBrightness((-0.2, -0.2)), pix, tr),
        ("RandomCrop_aspect_training", L.RandomCrop(3, 8, seed=1), big, tr),
        ("RandomCrop_taller_training", L.RandomCrop(9, 4, seed=1), big, tr),
    ]
    x_disc = g.rnd("aug_disc", (4, 3), -2, 3)
    col = g.rnd("aug_col", (5, 1), -2, 3)
    bins = [-1.0, 0.0, 0.5, 2.0]
    specs += [
        ("Discretization_int", L.Discretization(bin_boundaries=bins), x_disc, {}),
        ("Discretization_one_hot", L.Discretization(bin_boundaries=bins, output_mode="one_hot"), x_disc, {}),
        ("Discretization_one_hot_column", L.Discretization(bin_boundaries=bins, output_mode="one_hot"), col, {}),
        ("Discretization_multi_hot", L.Discretization(bin_boundaries=bins, output_mode="multi_hot"), x_disc, {}),
        ("Discretization_count", L.Discretization(bin_boundaries=bins, output_mode="count"), x_disc, {}),
        ("Discretization_count_rank1", L.Discretization(bin_boundaries=bins, output_mode="count"), x_disc[0], {}),
        ("Discretization_on_boundaries", L.Discretization(bin_boundaries=[0.0, 1.0, 1.0, 3.0]), np.array([[-1.0, 0.0, 1.0, 2.0, 3.0, 4.0]], np.float32), {}),
    ]
    return g.weightless_layer_cases(specs)


def transform_cases():
    img = g.rnd("aug_timg", (3, 5, 4, 2), 0, 1)
    flips = np.array([True, False, True]).reshape(3, 1, 1, 1)
    specs = []
    for mode in ["horizontal", "vertical", "horizontal_and_vertical"]:
        specs.append((f"RandomFlip_{mode}", L.RandomFlip(mode), {"flips": flips}, [True, False, True]))
    specs.append(("RandomFlip_channels_first", L.RandomFlip("horizontal", data_format="channels_first"), {"flips": flips}, [True, False, True]))
    factors = np.array([1.6, 0.5, 1.0], np.float32)
    specs.append(("RandomContrast_factors", L.RandomContrast((0.5, 0.6), value_range=(0, 1)), {"contrast_factor": factors.reshape(3, 1, 1, 1)}, factors.tolist()))
    specs.append(("RandomContrast_wide_range", L.RandomContrast(0.9, value_range=(-1, 2)), {"contrast_factor": factors.reshape(3, 1, 1, 1)}, factors.tolist()))
    specs.append(("RandomCrop_offset", L.RandomCrop(3, 2), (1, 2), [1, 2]))
    specs.append(("RandomCrop_offset_origin", L.RandomCrop(4, 3), (0, 0), [0, 0]))
    weights = np.array([0.7, 0.25, 1.0], np.float32)
    order = np.array([2, 0, 1])
    specs.append(("MixUp_explicit", L.MixUp(alpha=0.3), {"mix_weight": weights, "permutation_order": order},
                  {"weights": weights.tolist(), "order": order.tolist()}))
    rgb = g.rnd("aug_trgb", (3, 6, 5, 3), 0, 1)
    corners = [(0.5, 3.2, 1.0, 4.0), (0.0, 5.0, 2.7, 3.1), (1.2, 2.0, 0.0, 6.0)]
    for cid, layer, apply in [
        ("RandomErasing_constant", L.RandomErasing(fill_value=0.5, value_range=(0, 1)), [True, True, False]),
        ("RandomErasing_per_channel_clipped", L.RandomErasing(fill_value=[0.1, 2.0, -1.0], value_range=(0, 1)), [True, False, True]),
    ]:
        x0, x1, y0, y1 = (np.array([c[i] for c in corners], np.float32) for i in range(4))
        masks = layer._generate_batch_mask(rgb.shape, (x0, x1, y0, y1))
        if isinstance(layer.fill_value, (int, float)):
            fill = layer._get_fill_value(rgb, rgb.shape, None)
        else:
            # Keras 3.15 stores a per-channel fill as a TrackedList, which its own full_like
            # rejects on JAX; this is its formula (full_like, then clip to value_range).
            fill = np.clip(np.broadcast_to(np.asarray(list(layer.fill_value), np.float32), rgb.shape), *layer.value_range)
        params = {"batch_masks": masks, "apply_erasing": np.array(apply), "fill_value": fill}
        specs.append((cid, layer, params, {"apply": apply, "boxes": [list(map(float, c)) for c in corners]}, rgb))
    out = []
    for spec in specs:
        cid, layer, params, ts_params = spec[:4]
        reset_uids()
        x = spec[4] if len(spec) > 4 else img
        if getattr(layer, "data_format", None) == "channels_first":
            x = np.transpose(img, (0, 3, 1, 2))
        y = layer.transform_images(x, params, training=True)
        out.append({"case": cid, "class_name": type(layer).__name__, "config": g.clean(layer.get_config()),
                     "params": ts_params, "x": g.tensor(x), "output": g.tensor(np.asarray(y))})
    return out


def adapt_cases():
    wide = g.rnd("aug_adapt_wide", (500, 2), -4, 6)
    small = g.rnd("aug_adapt_small", (12,), 0, 1)
    skew = np.concatenate([g.rnd("aug_adapt_skew_a", (300,), 0, 1), g.rnd("aug_adapt_skew_b", (40,), 5, 50)]).astype(np.float32)
    ints = np.repeat(np.arange(10, dtype=np.float32), 7)
    specs = [
        ("adapt_4_bins", dict(num_bins=4), wide, wide[:5]),
        ("adapt_10_bins_eps", dict(num_bins=10, epsilon=0.05), wide, wide[:5]),
        ("adapt_small_data", dict(num_bins=3), small, small[:6]),
        ("adapt_skewed_one_hot", dict(num_bins=5, output_mode="one_hot"), skew, skew[:4]),
        ("adapt_ties", dict(num_bins=4), ints, ints[::9]),
        ("adapt_batches", dict(num_bins=6), [wide[:200], wide[200:350], wide[350:]], wide[:5]),
    ]
    out = []
    for cid, kw, data, x in specs:
        reset_uids()
        layer = L.Discretization(**kw)
        # Keras's adapt minus its tf.data check (the venv has no TensorFlow): the same
        # reset_state / update_state per batch / finalize_state sequence.
        layer.reset_state()
        for batch in (data if isinstance(data, list) else [data]):
            layer.update_state(batch)
        layer.finalize_state()
        y = layer(x)
        out.append({
            "case": cid, "options": g.clean(kw),
            "data": [g.tensor(d) for d in data] if isinstance(data, list) else [g.tensor(data)],
            "batched": isinstance(data, list),
            "bin_boundaries": [g.f32(v) for v in layer.bin_boundaries],
            "x": g.tensor(x), "output": g.tensor(np.asarray(y)),
            "config": g.clean(layer.get_config()),
        })
    return out


def main():
    doc = {**g.header(), "generator": "tests/golden/generate_augmentation.py",
           "description": "Augmentation layers (inference identity, fixed-factor geometry, explicit transformations) "
                          "and Discretization (boundaries, output modes, adapt).",
           "cases": layer_cases(), "transforms": transform_cases(), "adapt": adapt_cases()}
    g.write(g.HERE, "augmentation.json", doc)


if __name__ == "__main__":
    main()
