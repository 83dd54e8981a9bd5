// Judges two recordings of the same step (different batches at different addresses, each
// with its own arena) and turns the first into a replayable call list. Every difference
// between them must be explained: a pointer into the same arena buffer at the same offset,
// or into the same batch input (patched per step). Anything else — a scalar that changed,
// a buffer JS filled with other data, a value read back into JS mid-step — refuses the plan.

import type { Draw, Recording } from './recorder.js';

export interface InputPatch {
  call: number;
  arg: number;
  input: number;
  offset: number;
}

export interface VerifiedPlan {
  names: string[];
  args: number[][];
  rets: unknown[];
  patches: InputPatch[];
  /** Foreign buffers the calls read (the op metadata scratch): [call, arg, snapshot, offset]. */
  constants: Array<{ call: number; arg: number; bytes: Uint8Array; offset: number }>;
  /** Whether JS read the batch (the sparse-label range check) during the step. */
  readsInputs: boolean;
  /** Random draws (Dropout masks), in call order: their seed/offset arguments are set per step. */
  draws: Draw[];
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The plan of `r1`, or the reason the two recordings do not describe one static step. */
export function verify(r1: Recording, r2: Recording, kept1: ReadonlySet<number>, kept2: ReadonlySet<number>): VerifiedPlan | string {
  if (r1.refused) return r1.refused;
  if (r2.refused) return r2.refused;
  if (r1.calls.length !== r2.calls.length) return `two steps made ${r1.calls.length} and ${r2.calls.length} kernel calls`;
  if (r1.arena.length !== r2.arena.length || r1.arena.some(([, n, asked], i) => r2.arena[i]![1] !== n || r2.arena[i]![2] !== asked)) {
    return 'two steps allocated different buffers';
  }
  for (const [r, kept] of [[r1, kept1], [r2, kept2]] as const) {
    for (let i = 0; i < r.arena.length; i++) {
      // A buffer neither freed in the step nor one of the step's results outlives it (a layer's cache).
      if (!r.deferred.has(i) && !kept.has(r.arena[i]![0])) return 'a buffer allocated during the step outlives it';
    }
  }
  if (r1.draws.length !== r2.draws.length) return `two steps drew ${r1.draws.length} and ${r2.draws.length} random masks`;
  for (let i = 0; i < r1.draws.length; i++) {
    const a = r1.draws[i]!, b = r2.draws[i]!;
    // The same generator (one per layer) at the same call for the same count: the replay calls it as the eager step would.
    if (a.call !== b.call || a.arg !== b.arg || a.source !== b.source || a.n !== b.n) return `random draw ${i} differs between two steps`;
  }
  const plan: VerifiedPlan = { names: [], args: [], rets: [], patches: [], constants: [], readsInputs: false, draws: r1.draws };
  for (let c = 0; c < r1.calls.length; c++) {
    const a = r1.calls[c]!, b = r2.calls[c]!;
    if (a.name !== b.name || a.args.length !== b.args.length) return `kernel call ${c} differs (${a.name} / ${b.name})`;
    if (a.ret !== b.ret) return `${a.name} (call ${c}) returned ${String(a.ret)} and ${String(b.ret)}`;
    for (let j = 0; j < a.args.length; j++) {
      const pa = a.places[j]!, pb = b.places[j]!, va = a.args[j]!, vb = b.args[j]!;
      if (pa.kind === 'arena' && pb.kind === 'arena') {
        if (pa.index !== pb.index || pa.offset !== pb.offset) return `${a.name} (call ${c}) argument ${j} points into different step buffers`;
      } else if (pa.kind === 'input' && pb.kind === 'input') {
        if (pa.index !== pb.index || pa.offset !== pb.offset || va === vb) return `${a.name} (call ${c}) argument ${j} points into the batch inconsistently`;
        plan.patches.push({ call: c, arg: j, input: pa.index, offset: pa.offset });
      } else if (pa.kind === 'other' && pb.kind === 'other') {
        if (va !== vb) return `${a.name} (call ${c}) argument ${j} points into different foreign buffers`;
        const sa = a.snapshots.get(pa.base)!, sb = b.snapshots.get(pb.base)!;
        if (!same(sa, sb)) return `${a.name} (call ${c}) reads a foreign buffer whose contents differ between steps`;
        plan.constants.push({ call: c, arg: j, bytes: sa, offset: pa.offset });
      } else if (pa.kind === 'rng' && pb.kind === 'rng') {
        // Set per step from the draw's generator.
      } else if (pa.kind === pb.kind && (pa.kind === 'var' || pa.kind === 'none')) {
        if (va !== vb && !(Number.isNaN(va) && Number.isNaN(vb))) return `${a.name} (call ${c}) argument ${j} changed between steps (${va} / ${vb})`;
      } else {
        return `${a.name} (call ${c}) argument ${j} is a ${pa.kind} in one step and a ${pb.kind} in the other`;
      }
    }
    if (a.hostFilled.size !== b.hostFilled.size) return `JS filled different buffers before ${a.name} (call ${c})`;
    for (const [k, bytes] of a.hostFilled) {
      const o = b.hostFilled.get(k);
      if (!o || !same(bytes, o)) return `JS filled a buffer with data that changes between steps, before ${a.name} (call ${c})`;
    }
    plan.names.push(a.name);
    plan.args.push(a.args.slice());
    plan.rets.push(a.ret);
  }
  if (r1.host.length !== r2.host.length) return 'JS touched WASM memory differently in two steps';
  for (let i = 0; i < r1.host.length; i++) {
    const a = r1.host[i]!, b = r2.host[i]!;
    if (a.at !== b.at || a.place.kind !== b.place.kind) return 'JS touched WASM memory differently in two steps';
    switch (a.place.kind) {
      case 'input':
        plan.readsInputs = true;
        break;
      case 'arena':
        if (a.used || b.used) return 'JS reads a value computed during the step (a data-dependent decision)';
        break;
      case 'global':
        break;
      default:
        return `JS reads ${a.place.kind === 'var' ? 'a variable' : 'WASM memory'} during the step`;
    }
  }
  return plan;
}
