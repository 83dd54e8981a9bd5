// Mask plumbing of Layer.apply (Keras `__call__` steps 6 and `_set_mask_metadata`): the masks a
// call receives, the masks its outputs get, and their symbolic (functional API) counterparts.

import { ValueError, fmt } from '../errors.js';
import { ones, zeros } from '../tensor/creation.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { noGrad, tidy } from '../autograd/gradients.js';
import { cast } from '../ops/cast.js';
import { isSymbolic, type SymbolicShape, type SymbolicTensor } from './symbolic.js';
import { checkMaskShape, getKerasMask, getMaskData, hasKerasMask, setKerasMask, type MaskData } from './masking/keras_mask.js';
import { callStack } from './call_context.js';
import type { CallArgs } from './layer_args.js';

/** What the mask plumbing needs of a layer. */
export interface MaskHost {
  readonly name: string;
  computeMask(inputs: Tensor | Tensor[], mask: Tensor | null): Tensor | (Tensor | null)[] | null;
}

export interface InputMasks {
  /** What `call` and `computeMask` receive: the mask, a list of masks, or null. */
  mask: Tensor | (Tensor | null)[] | null;
  owned: Tensor[];
  /** The attached data the single mask was read from, when it came from the input. */
  source: MaskData | undefined;
  /** Whether `args` must be extended with the masks. */
  changed: boolean;
  args: Partial<CallArgs>;
}

/**
 * The masks for this call (Keras `__call__` step 6): the ones given in `args`, else those
 * attached to the inputs. Tensors made here are `owned` and freed after the call.
 */
export function inputMasks(layer: MaskHost, ts: Tensor[], multi: boolean, args: CallArgs): InputMasks {
  // The common case (one input, no mask) without the closures below: the package build
  // (esbuild keepNames) pays a defineProperty per closure, on every layer call.
  if (!multi && args.mask === undefined && !hasKerasMask(ts[0]!)) {
    return { mask: null, owned: [], source: undefined, changed: false, args: { mask: null } };
  }
  const owned: Tensor[] = [];
  const where = `Layer '${layer.name}'`;
  const prepare = (m: Tensor | null | undefined, x: Tensor): Tensor | null => {
    if (m === null || m === undefined) return null;
    if (!(m instanceof Tensor)) throw new ValueError(`${where}: a mask must be a Tensor or null. Received: ${fmt(m)}`);
    checkMaskShape(where, m, x.shape);
    if (m.dtype === 'float32') return m;
    const f = cast(m, 'float32');
    owned.push(f);
    return f;
  };
  const fromInput = (x: Tensor): Tensor | null => {
    const m = getKerasMask(x);
    if (m) owned.push(m);
    return m;
  };
  if (!multi) {
    const given = args.mask !== undefined;
    const mask = prepare(given ? args.mask : fromInput(ts[0]!), ts[0]!);
    const source = given ? undefined : getMaskData(ts[0]!);
    return { mask, owned, source, changed: mask !== null, args: { mask } };
  }
  const list = args.masks ?? ts.map(fromInput);
  if (!Array.isArray(list) || list.length !== ts.length) {
    throw new ValueError(`${where}: expected one mask per input (${ts.length}). Received: masks=${fmt(list)}`);
  }
  const masks = list.map((m, i) => prepare(m, ts[i]!));
  const any = masks.some((m) => m !== null);
  return { mask: any ? masks : null, owned, source: undefined, changed: any, args: { masks } };
}

/** Keras `_set_mask_metadata`: attaches `computeMask`'s result to outputs that have no mask yet. */
export function attachOutputMasks(layer: MaskHost, inputs: Tensor | Tensor[], outs: Tensor[], masking: InputMasks): void {
  if (outs.every(hasKerasMask)) return;
  noGrad(() => tidy(() => {
    const m = layer.computeMask(inputs, masking.mask as Tensor | null);
    const ms = Array.isArray(m) ? m : [m];
    outs.forEach((o, i) => {
      const mi = ms[i];
      if (!mi || hasKerasMask(o)) return;
      // A mask passed on unchanged keeps its data: no copy back from WASM memory.
      setKerasMask(o, mi === masking.mask && masking.source ? masking.source : mi);
    });
  }));
}

/**
 * Mask propagation on symbolic tensors: checks the input masks' shapes, then gives each
 * output the shape of its mask (found by running `computeMask` on zeros), or none.
 */
export function symbolicMasks(layer: MaskHost, producesMask: boolean, inputs: SymbolicTensor[], multi: boolean, args: CallArgs, outputs: SymbolicTensor[]): void {
  const where = `Layer '${layer.name}'`;
  if (isSymbolic(args.mask) || (Array.isArray(args.masks) && args.masks.some(isSymbolic))) {
    throw new ValueError(`${where}: a symbolic mask cannot be passed in a functional model; masks flow from Masking or ` +
      `Embedding({ maskZero: true }) through the layers. Received: mask=${String(args.mask ?? args.masks)}`);
  }
  const explicit = multi ? args.masks?.map((m) => m?.shape ?? null) : args.mask !== undefined ? [args.mask?.shape ?? null] : undefined;
  const inMasks = explicit ?? inputs.map((t) => t.kerasMask);
  inMasks.forEach((m, i) => {
    if (m && inputs[i]) checkMaskShape(where, { shape: m }, inputs[i]!.shape);
  });
  if (!producesMask) return;
  const fill = (s: SymbolicShape) => s.map((d) => d ?? 2);
  const shapes = noGrad(() => tidy(() => {
    const xs = inputs.map((t) => zeros(fill(t.shape), t.dtype as DType));
    const ms = inMasks.map((m) => (m ? ones(fill(m)) : null));
    callStack.push({ training: false });
    try {
      const r = layer.computeMask(multi ? xs : xs[0]!, (multi ? (ms.some((m) => m) ? ms : null) : ms[0]!) as Tensor | null);
      return (Array.isArray(r) ? r : [r]).map((m) => m?.shape.slice() ?? null);
    } catch (e) {
      throw new ValueError(`${where}: computeMask failed on a zero batch of shape ${fmt(xs.map((x) => x.shape))}. Received: ${(e as Error).message}`);
    } finally {
      callStack.pop();
    }
  }));
  outputs.forEach((o, i) => {
    const s = shapes[i];
    if (!s) return;
    // Keep the unknown axes unknown: a mask shape is a prefix of its output's shape.
    o.kerasMask = s.length <= o.shape.length ? o.shape.slice(0, s.length) : s;
  });
}
