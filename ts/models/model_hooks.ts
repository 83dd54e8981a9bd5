// model.ts cannot import the config code (ts/saving/config imports Model and Sequential, so
// the classes would not exist yet while it loads); the config module registers itself here
// when it loads, which the package entry always does.

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
      throw new ValueError(`${what} needs kerasm's model-config code, which was not loaded. Import anything from 'kerasm' ` +
        `(the package entry loads it), or use modelToJSON / modelFromJSON directly.`);
    }
    return hooks;
  },
};
