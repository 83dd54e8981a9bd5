// The plan's kernel calls as one command buffer in WASM memory, run by `kx_plan_run`
// (crates/kerasm-wasm/src/exports/plan.rs): a warm step's forward and backward then cost one
// call from JS. Each command is f64 words [opcode, expected status, args...]; the batch
// pointers and random seeds are rewritten in place before each run. The interpreter converts
// each argument as a JS→WASM call would, so a command does what the same call from JS does.
// A plan with a kernel the interpreter lacks (or a binary without it) keeps the JS replay.

import type { Backend } from '../../../bindings/index.js';

type Fn = (...a: number[]) => number;

interface PlanExports {
  kx_plan_opcode: Fn;
  kx_plan_arity: Fn;
  kx_plan_run: Fn;
}

const DONE: readonly [number, number] = [-1, 0];

export class WasmPlan {
  private view = new Float64Array(0);
  /** Word index of each call's first argument. */
  private readonly base: number[];

  private constructor(private readonly be: Backend, private readonly run_: Fn, private readonly ptr: number,
    private readonly words: number, private readonly count: number, base: number[]) {
    this.base = base;
  }

  /**
   * The command buffer for these calls, or undefined when the binary or the interpreter lacks
   * one of them (or a call was recorded with a non-zero status). `own` receives every heap
   * allocation, for the plan to free.
   */
  static build(be: Backend, names: readonly string[], args: readonly number[][], rets: readonly unknown[], own: (p: number) => void): WasmPlan | undefined {
    const ex = be.ex as unknown as Partial<PlanExports> & Record<string, unknown>;
    if (typeof ex.kx_plan_run !== 'function' || typeof ex.kx_plan_opcode !== 'function' || typeof ex.kx_plan_arity !== 'function') return undefined;
    if (rets.some((r) => r !== 0)) return undefined;
    const heap = be.heap;
    const ops = new Map<string, number>();
    for (const n of new Set(names)) {
      const bytes = new TextEncoder().encode(n);
      const p = heap.alloc(bytes.length, 'compiled step opcode');
      heap.u8.set(bytes, p);
      const op = ex.kx_plan_opcode(p, bytes.length);
      heap.free(p, 'compiled step opcode');
      if (op < 0) return undefined;
      ops.set(n, op);
    }
    let words = 0;
    const base: number[] = [];
    for (let c = 0; c < names.length; c++) {
      // The interpreter's arity must be what the call passed (the export's own): else it would read the wrong words.
      if (ex.kx_plan_arity(ops.get(names[c]!)!) !== args[c]!.length) return undefined;
      const arity = args[c]!.length;
      base.push(words + 2);
      words += 2 + arity;
    }
    // The status word after the commands: -1 when every command returned its expected status.
    const ptr = heap.alloc(words * 8 + 8, 'compiled step commands');
    own(ptr);
    const wp = new WasmPlan(be, ex.kx_plan_run, ptr, words, names.length, base);
    const v = wp.f64();
    for (let c = 0; c < names.length; c++) {
      const b = base[c]!;
      v[b - 2] = ops.get(names[c]!)!;
      v[b - 1] = 0;
      v.set(args[c]!, b);
    }
    return wp;
  }

  /**
   * The buffer as f64s. The view covers only this buffer, which was inside the memory when the
   * view was made, so it stays good until it is detached (a grow of non-shared memory; shared
   * memory never detaches): checking that needs no `memory.buffer` (costly on shared memory).
   */
  private f64(): Float64Array {
    if (this.view.length === 0) this.view = new Float64Array(this.be.heap.memory.buffer, this.ptr, this.words + 1);
    return this.view;
  }

  /** Argument `arg` of call `call` becomes `v` from the next run on. */
  set(call: number, arg: number, v: number): void {
    this.f64()[this.base[call]! + arg] = v;
  }

  /** Runs every command; returns -1, or the index of the first call that failed and its status. */
  run(): readonly [number, number] {
    const failedPtr = this.ptr + this.words * 8;
    const r = this.run_(this.ptr, this.words, this.count, failedPtr);
    if (r === 0) return DONE;
    return [new Int32Array(this.be.heap.memory.buffer, failedPtr, 1)[0]!, r];
  }
}
