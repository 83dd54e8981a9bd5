"""Reads a TensorBoard log directory with TensorBoard's own loader and prints JSON:
{run: {"scalars": {tag: [[step, value], ...]}, "histograms": {tag: [[step, rows], ...]},
"tensors": {tag: [[step, plugin, value], ...]}}}. Used by tests/callbacks/tensorboard."""
import json, os, sys
from tensorboard.backend.event_processing import plugin_event_accumulator as pea
from tensorboard.util import tensor_util

root = sys.argv[1]
out = {}
for run in sorted(os.listdir(root)):
    d = os.path.join(root, run)
    if not os.path.isdir(d):
        continue
    acc = pea.EventAccumulator(d, size_guidance={pea.TENSORS: 0})
    acc.Reload()
    r = {"scalars": {}, "histograms": {}, "tensors": {}}
    for tag in acc.Tags()["tensors"]:
        plugin = acc.SummaryMetadata(tag).plugin_data.plugin_name
        for ev in acc.Tensors(tag):
            arr = tensor_util.make_ndarray(ev.tensor_proto)
            if plugin == "scalars":
                r["scalars"].setdefault(tag, []).append([ev.step, float(arr)])
            elif plugin == "histograms":
                r["histograms"].setdefault(tag, []).append([ev.step, arr.tolist()])
            else:
                v = arr.item() if arr.size == 1 else arr.tolist()
                r["tensors"].setdefault(tag, []).append([ev.step, plugin, v.decode() if isinstance(v, bytes) else v])
    out[run] = r
print(json.dumps(out, default=lambda b: b.decode() if isinstance(b, bytes) else str(b)))
