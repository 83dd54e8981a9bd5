// Initializer registry: `get('heNormal')`, `get('he_normal')`, `get('HeNormal')` or an instance.

import { ValueError, fmt } from '../errors.js';
import { canonicalName } from '../activations/index.js';
import * as I from './initializer.js';

export * from './initializer.js';

const REGISTRY: Record<string, () => I.Initializer> = {
  zeros: () => new I.Zeros(), ones: () => new I.Ones(), constant: () => new I.Constant(),
  random_normal: () => new I.RandomNormal(), random_uniform: () => new I.RandomUniform(),
  truncated_normal: () => new I.TruncatedNormal(), variance_scaling: () => new I.VarianceScaling(),
  glorot_uniform: () => new I.GlorotUniform(), glorot_normal: () => new I.GlorotNormal(),
  he_normal: () => new I.HeNormal(), he_uniform: () => new I.HeUniform(),
  lecun_normal: () => new I.LecunNormal(), lecun_uniform: () => new I.LecunUniform(),
  orthogonal: () => new I.Orthogonal(), identity: () => new I.Identity(),
};

export type InitializerIdentifier = string | I.Initializer;

export function get(id: InitializerIdentifier): I.Initializer {
  if (id instanceof I.Initializer) return id;
  const make = typeof id === 'string' ? REGISTRY[canonicalName(id)] : undefined;
  if (!make) throw new ValueError(`Unknown initializer. Expected one of ${Object.keys(REGISTRY).join(', ')}. Received: ${fmt(id)}`);
  return make();
}

export const zeros = () => new I.Zeros();
export const ones = () => new I.Ones();
export const constant = (value: number) => new I.Constant(value);
export const randomNormal = (o?: ConstructorParameters<typeof I.RandomNormal>[0]) => new I.RandomNormal(o);
export const randomUniform = (o?: ConstructorParameters<typeof I.RandomUniform>[0]) => new I.RandomUniform(o);
export const truncatedNormal = (o?: ConstructorParameters<typeof I.TruncatedNormal>[0]) => new I.TruncatedNormal(o);
export const varianceScaling = (o?: I.VarianceScalingArgs) => new I.VarianceScaling(o);
export const glorotUniform = (o?: { seed?: number }) => new I.GlorotUniform(o);
export const glorotNormal = (o?: { seed?: number }) => new I.GlorotNormal(o);
export const heNormal = (o?: { seed?: number }) => new I.HeNormal(o);
export const heUniform = (o?: { seed?: number }) => new I.HeUniform(o);
export const lecunNormal = (o?: { seed?: number }) => new I.LecunNormal(o);
export const lecunUniform = (o?: { seed?: number }) => new I.LecunUniform(o);
export const orthogonal = (o?: { gain?: number; seed?: number }) => new I.Orthogonal(o);
export const identity = (o?: { gain?: number }) => new I.Identity(o);
