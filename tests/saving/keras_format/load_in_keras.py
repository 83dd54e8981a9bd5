"""Loads each .keras file given on the command line with Keras 3 and prints, per file, one
JSON line: the optimizer's class and config (or null when not compiled) and the predictions
on the input in <file>.input.json."""
import json, sys
import numpy as np
import keras

for path in sys.argv[1:]:
    m = keras.saving.load_model(path)
    x = np.array(json.load(open(path + ".input.json")), dtype="float32")
    opt = m.optimizer.__class__.__name__ if getattr(m, "optimizer", None) is not None and m.compiled else None
    print(json.dumps({"file": path, "optimizer": opt, "pred": m.predict(x, verbose=0).tolist()}))
