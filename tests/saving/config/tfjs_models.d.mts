// Types for tfjs_models.mjs (plain JS so node can run it to rewrite the fixtures).
import type * as tfl from '@tensorflow/tfjs-layers';

export function tfjsMlp(): tfl.Sequential;
export function tfjsFunctional(): tfl.LayersModel;
export const TFJS_MODELS: { tfjs_mlp: () => tfl.LayersModel; tfjs_functional: () => tfl.LayersModel };
