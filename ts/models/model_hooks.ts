// model.ts cannot import the config code (ts/saving/config imports Model and Sequential, so
// the classes would not exist yet while it loads); the config module registers itself here
// when it loads. Unbundled, the package entry always loads it; a tree-shaking bundler keeps it
// only in apps that use the config code (or save/load, which loads it).

import { ValueError } from '../errors.js';
import type { Model } from './model.js';

export interface ConfigHooks {
  toJSON(model: Model): string;
  functionalConfig(model: Model): Record<string, unknown>;
  fromConfig(config: object, opts: { customObjects?: Record<string, unknown> }): Model;
}

let hooks: ConfigHooks | undefined;

export const modelHooks = {
  register(h: ConfigHooks): void {
    hooks = h;
  },
  config(what: string): ConfigHooks {
    if (!hooks) {
      throw new ValueError(`${what} needs kerasm's model-config code, which was not loaded: a bundler drops it from an app ` +
        `that calls none of modelToJSON, modelFromJSON, serializeModel, deserializeModel, loadModel or saveModel. Call those directly.`);
    }
    return hooks;
  },
};
