// Attention layers, their building blocks, the extra normalizations and Masking (issue 11).
import { EinsumDense, type EinsumDenseArgs } from './einsum_dense.js';
import { Attention, AdditiveAttention, type AttentionArgs, type AdditiveAttentionArgs, type AttentionCallArgs } from './attention.js';
import { MultiHeadAttention, type MultiHeadAttentionArgs, type MultiHeadAttentionCallArgs } from './multi_head_attention.js';
import { GroupQueryAttention, type GroupQueryAttentionArgs, type GroupQueryAttentionCallArgs } from './group_query_attention.js';
import { UnitNormalization, type UnitNormalizationArgs } from '../normalization/unit_normalization.js';
import { GroupNormalization, type GroupNormalizationArgs } from '../normalization/group_normalization.js';
import { RMSNormalization, type RMSNormalizationArgs } from '../normalization/rms_normalization.js';
import { Masking, type MaskingArgs } from '../masking/masking.js';

export {
  EinsumDense, Attention, AdditiveAttention, MultiHeadAttention, GroupQueryAttention, UnitNormalization, GroupNormalization, RMSNormalization, Masking,
};
export type {
  EinsumDenseArgs, AttentionArgs, AdditiveAttentionArgs, AttentionCallArgs, MultiHeadAttentionArgs, MultiHeadAttentionCallArgs,
  GroupQueryAttentionArgs, GroupQueryAttentionCallArgs,
  UnitNormalizationArgs, GroupNormalizationArgs, RMSNormalizationArgs, MaskingArgs,
};
export type { AttentionLayerArgs } from './projected_attention.js';
export { getKerasMask, setKerasMask } from '../masking/keras_mask.js';

/** Creates an einsum-equation dense layer: `new EinsumDense(args)` (Keras `layers.EinsumDense`). */
export const einsumDense = (args: EinsumDenseArgs) => new EinsumDense(args);
/** Creates a dot-product attention layer: `new Attention(args)` (Keras `layers.Attention`). */
export const attention = (args: AttentionArgs = {}) => new Attention(args);
/** Creates an additive (Bahdanau) attention layer: `new AdditiveAttention(args)` (Keras `layers.AdditiveAttention`). */
export const additiveAttention = (args: AdditiveAttentionArgs = {}) => new AdditiveAttention(args);
/** Creates a multi-head attention layer: `new MultiHeadAttention(args)` (Keras `layers.MultiHeadAttention`). */
export const multiHeadAttention = (args: MultiHeadAttentionArgs) => new MultiHeadAttention(args);
/** Creates a grouped-query attention layer: `new GroupQueryAttention(args)` (Keras `layers.GroupQueryAttention`). */
export const groupQueryAttention = (args: GroupQueryAttentionArgs) => new GroupQueryAttention(args);
/** Creates a layer scaling each sample to unit L2 norm: `new UnitNormalization(args)` (Keras `layers.UnitNormalization`). */
export const unitNormalization = (args: UnitNormalizationArgs = {}) => new UnitNormalization(args);
/** Creates a group normalization layer: `new GroupNormalization(args)` (Keras `layers.GroupNormalization`). */
export const groupNormalization = (args: GroupNormalizationArgs = {}) => new GroupNormalization(args);
/** Creates a root-mean-square normalization layer: `new RMSNormalization(args)` (Keras `layers.RMSNormalization`). */
export const rmsNormalization = (args: RMSNormalizationArgs = {}) => new RMSNormalization(args);
/** Creates a layer masking timesteps equal to `maskValue`: `new Masking(args)` (Keras/tfjs `layers.Masking`). */
export const masking = (args: MaskingArgs = {}) => new Masking(args);

/** Registered by class name for Keras configs (see ../index.ts). */
export const ATTENTION_LAYERS = {
  EinsumDense, Attention, AdditiveAttention, MultiHeadAttention, GroupQueryAttention, UnitNormalization, GroupNormalization, RMSNormalization, Masking,
};
