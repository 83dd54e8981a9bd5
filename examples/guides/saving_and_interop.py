# Guide: docs/saving-and-interop.md, the Keras 3 side. Loads the .keras file kerasm wrote,
# checks it predicts what kerasm predicted, trains it further (continuing kerasm's Adam state)
# and saves it for kerasm to load back.
# Usage: KERAS_BACKEND=jax python examples/guides/saving_and_interop.py DIR
#        (DIR: the --out folder of `node examples/guides/saving_and_interop.mjs --out DIR`)
import json
import sys
from pathlib import Path

import numpy as np

out = Path(sys.argv[1])
check = json.loads((out / "check.json").read_text())
x, y = np.array(check["x"], "float32"), np.array(check["y"], "int32")

# --- keras
import keras

model = keras.saving.load_model(out / "classifier.keras")
model.summary()
print("optimizer:", type(model.optimizer).__name__, "at step", int(model.optimizer.iterations))
difference = np.abs(model.predict(x, verbose=0) - np.array(check["predictions"])).max()
print(f"Keras vs kerasm: max difference {difference:.1e}")

model.fit(x, y, epochs=2, batch_size=32, verbose=0)
model.save(out / "trained_in_keras.keras")
# --- end keras
print("saved", out / "trained_in_keras.keras")
