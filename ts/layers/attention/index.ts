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
export { getKerasMask, setKerasMask } from '../masking/keras_mask.js';

export const einsumDense = (args: EinsumDenseArgs) => new EinsumDense(args);
export const attention = (args: AttentionArgs = {}) => new Attention(args);
export const additiveAttention = (args: AdditiveAttentionArgs = {}) => new AdditiveAttention(args);
export const multiHeadAttention = (args: MultiHeadAttentionArgs) => new MultiHeadAttention(args);
export const groupQueryAttention = (args: GroupQueryAttentionArgs) => new GroupQueryAttention(args);
export const unitNormalization = (args: UnitNormalizationArgs = {}) => new UnitNormalization(args);
export const groupNormalization = (args: GroupNormalizationArgs = {}) => new GroupNormalization(args);
export const rmsNormalization = (args: RMSNormalizationArgs = {}) => new RMSNormalization(args);
export const masking = (args: MaskingArgs = {}) => new Masking(args);

/** Registered by class name for Keras configs (see ../index.ts). */
export const ATTENTION_LAYERS = {
  EinsumDense, Attention, AdditiveAttention, MultiHeadAttention, GroupQueryAttention, UnitNormalization, GroupNormalization, RMSNormalization, Masking,
};
export { setFusedAttention, fusedAttentionCalls } from './fused.js';
