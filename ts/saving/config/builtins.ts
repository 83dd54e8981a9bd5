// What every config reader calls first: the built-in layers, Sequential and the functional
// model classes become loadable by their Keras class names. Registered here on first use rather
// than at import, so that an app that never reads a config can drop the classes it does not
// use (package.json "sideEffects": false); a class a user registered under the same name wins.

import { registerBuiltinLayers } from '../../layers/index.js';
import { registerBuiltinLayer } from '../../layers/serialization.js';
import { Sequential } from '../../models/sequential.js';
import { registerFunctional } from './functional.js';

export function registerBuiltins(): void {
  registerBuiltinLayers();
  registerBuiltinLayer('Sequential', Sequential);
  registerFunctional();
}
