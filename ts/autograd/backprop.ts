// Reverse-mode differentiation over a recorded tape (micrograd's walk, tfjs's tape).
//
// Every op that runs while a tape records and touches a flowing tensor appends a node;
// nodes are in execution order, so walking them backwards is a valid topological order.
// Gradients of a tensor used several times are summed.

import { ValueError, fmt } from '../errors.js';
import { engine, Tape } from '../tensor/engine.js';
import { onesLike, zerosLike } from '../tensor/creation.js';
import { shapesEqual } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { add } from '../ops/binary.js';

/** Runs `f` while `tape` records; intermediates are freed, the returned value survives. */
export function recordOn<T>(tape: Tape, f: () => T): T {
  engine.tapes.push(tape);
  try {
    return engine.withGrad(() => engine.tidy(f));
  } catch (e) {
    tape.dispose();
    throw e;
  } finally {
    engine.tapes.pop();
  }
}

/**
 * d(value)/d(source) for every source, seeded with `dy` (default ones). Disposes the tape.
 * A source that does not influence the value, or that the tape does not watch, gets a zero gradient.
 */
export function backward(tape: Tape, value: Tensor, sources: readonly Tensor[], dy?: Tensor, keepTape = false): Tensor[] {
  try {
    if (!(value instanceof Tensor)) throw new ValueError(`gradients: the function must return a Tensor. Received: ${fmt(value)}`);
    checkNotNested(value, sources);
    if (dy && !shapesEqual(dy.shape, value.shape)) {
      throw new ValueError(`gradients: dy must have the value's shape ${fmt(value.shape)}. Received: dy.shape=${fmt(dy.shape)}`);
    }
    return engine.tidy(() => engine.withNoGrad(() => walk(tape, value, sources, dy)));
  } finally {
    if (!keepTape) tape.dispose();
  }
}

/**
 * The backward pass runs without recording, so a gradient computed while an outer tape
 * watches its value or sources would look constant to that tape and its own gradient
 * would come out as zero. Refuse instead of training on a silent zero.
 */
function checkNotNested(value: Tensor, sources: readonly Tensor[]): void {
  if (!engine.recording) return;
  const outer = engine.tapes.find((t) => t.flows(value) || sources.some((s) => t.flows(s)));
  if (!outer) return;
  throw new ValueError('gradients: higher-order gradients are not supported. A gradient was requested inside another ' +
    'GradientTape/grad() that watches the same tensors, so the outer derivative would silently be 0. ' +
    'Compute the inner gradient outside the outer recording, or wrap it in noGrad() if its derivative is not needed. ' +
    `Received: a gradient of ${fmt(value)} inside an active recording`);
}

function walk(tape: Tape, value: Tensor, sources: readonly Tensor[], dy?: Tensor): Tensor[] {
  const grads = new Map<number, Tensor>();
  grads.set(value.id, dy ?? onesLike(value));
  // Only watched sources receive a gradient (TF's GradientTape semantics): otherwise an
  // unwatched tensor would get one or not depending on whether a watched tensor happened
  // to share an op with it.
  const wanted = new Set(sources.filter((s) => tape.flows(s)).map((s) => s.id));
  for (let i = tape.nodes.length - 1; i >= 0; i--) {
    const node = tape.nodes[i]!;
    const dys = node.outputIds.map((id) => grads.get(id) ?? null);
    if (dys.every((d) => d === null)) continue;
    const needs = node.inputIds.map((id) => tape.tracked.has(id) || wanted.has(id));
    const dxs = node.backward(dys, needs, node.saved);
    for (let j = 0; j < node.inputIds.length; j++) {
      const dx = dxs[j];
      if (!dx || !needs[j]) continue;
      const id = node.inputIds[j]!;
      const prev = grads.get(id);
      grads.set(id, prev ? add(prev, dx) : dx);
    }
  }
  return sources.map((s) => grads.get(s.id) ?? zerosLike(s));
}

/** Runs `f` on a fresh tape watching `sources`, then differentiates. */
export function computeGradients(f: () => Tensor, sources: readonly Tensor[], dy?: Tensor): { value: Tensor; grads: Tensor[] } {
  const tape = new Tape();
  for (const s of sources) {
    if (s.dtype !== 'float32') {
      throw new ValueError(`gradients: sources must be float32. Received: dtype=${s.dtype} for ${fmt(s)}`);
    }
    tape.tracked.add(s.id);
  }
  const value = recordOn(tape, f);
  const grads = backward(tape, value, sources, dy);
  return { value, grads };
}
