"""Keras 3 reference values for CutMix (issue 12), checked by tests/layers/cut_mix.test.ts.

- `cases` (layers.json's case format through generate.py's `layer_case`): inference is the
  identity (int inputs become float32); one unbatched image in training passes through.
- `transforms`: Keras's own `_generate_batch_mask` (box → mask and label weight),
  `transform_images` and `transform_labels` with explicit boxes and permutations (the draws
  themselves come from JAX's generator and cannot be matched; their properties are tested).

    KERAS_BACKEND=jax ~/.cache/kerasm/venv/bin/python tests/golden/generate_cut_mix.py

Writes tests/golden/cut_mix.json.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate as g  # noqa: E402  (sets the backend and the numeric conventions)
import numpy as np  # noqa: E402
from keras import layers as L  # noqa: E402
from keras.src.utils.naming import reset_uids  # noqa: E402


def layer_cases():
    img = g.rnd("cutmix_img", (3, 6, 5, 2), 0, 1)
    pix = g.rnd("cutmix_pix", (2, 4, 4, 1), 0, 255, decimals=0).astype(np.int32)
    specs = [
        ("CutMix_inference", L.CutMix(0.5, seed=1), img, {"training": False}),
        ("CutMix_inference_int", L.CutMix(), pix, {"training": False}),
        ("CutMix_unbatched_training", L.CutMix((0.2, 0.9), seed=2), img[0], {"training": True}),
    ]
    return g.weightless_layer_cases(specs)


def transform_cases():
    img = g.rnd("cutmix_timg", (4, 7, 6, 3), 0, 1)
    labels = np.eye(4, dtype=np.float32)[[0, 1, 2, 3]] * 0.9 + 0.025
    # Fractional corners as Keras draws them; the last box is empty, the third the whole image.
    corners = [(0.5, 3.2, 1.0, 4.0), (0.0, 5.0, 2.7, 3.1), (0.0, 6.0, 0.0, 7.0), (2.0, 2.0, 3.0, 5.5)]
    order = np.array([2, 0, 3, 1], np.int32)
    specs = [
        ("CutMix_explicit", L.CutMix(), img, order),
        ("CutMix_explicit_self", L.CutMix(0.3), img, np.arange(4, dtype=np.int32)),
        ("CutMix_explicit_channels_first", L.CutMix((0.1, 0.4), data_format="channels_first"), np.transpose(img, (0, 3, 1, 2)), order),
    ]
    out = []
    for cid, layer, x, perm in specs:
        reset_uids()
        x0, x1, y0, y1 = (np.array([c[i] for c in corners], np.float32) for i in range(4))
        masks, mix_weight = layer._generate_batch_mask(x.shape, (x0, x1, y0, y1))
        t = {"permutation_order": perm, "batch_masks": masks, "mix_weight": mix_weight}
        y = layer.transform_images(x, t, training=True)
        ly = layer.transform_labels(labels, t, training=True)
        out.append({"case": cid, "class_name": "CutMix", "config": g.clean(layer.get_config()),
                    "params": {"order": perm.tolist(), "boxes": [list(map(float, c)) for c in corners]},
                    "x": g.tensor(x), "output": g.tensor(np.asarray(y)),
                    "mix_weight": [g.f32(v) for v in np.asarray(mix_weight).ravel()],
                    "labels": g.tensor(labels), "labels_output": g.tensor(np.asarray(ly))})
    return out


def main():
    doc = {**g.header(), "generator": "tests/golden/generate_cut_mix.py",
           "description": "CutMix: inference identity, unbatched pass-through, and Keras's mask, image and "
                          "label transforms for explicit boxes and permutations.",
           "cases": layer_cases(), "transforms": transform_cases()}
    g.write(g.HERE, "cut_mix.json", doc)


if __name__ == "__main__":
    main()
