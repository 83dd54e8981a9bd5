// Public types of the training API (checked by `tsc --noEmit`; the runtime part only runs them):
// FitArgs/CompileArgs/EvaluateArgs are exported, evaluate({ returnDict: true }) is a record,
// and misspelled options fail to compile as well as at run time.

import { describe, expect, expectTypeOf, it } from 'vitest';
import { Model, Sequential, input, layers, ones, type CompileArgs, type EvaluateArgs, type FitArgs } from '../../ts/index.js';

describe('training API types', () => {
  it('exports the option types and types evaluate by returnDict', async () => {
    const m = new Sequential([input({ shape: [2] }), layers.dense({ units: 1 })]);
    const compileArgs: CompileArgs = { optimizer: 'sgd', loss: 'mse' };
    m.compile(compileArgs);
    const x = ones([2, 2]), y = ones([2, 1]);
    const fitArgs: FitArgs = { epochs: 1, verbose: 0 };
    await m.fit(x, y, fitArgs);
    const evalArgs: EvaluateArgs = { batchSize: 2 };
    const dict = await m.evaluate(x, y, { returnDict: true });
    expectTypeOf(dict).toEqualTypeOf<Record<string, number>>();
    expect(Object.keys(dict)).toEqual(['loss']);
    const plain = await m.evaluate(x, y, evalArgs);
    expectTypeOf(plain).toEqualTypeOf<number | number[] | Record<string, number>>();
    // @ts-expect-error a misspelled option does not compile
    await expect(m.fit(x, y, { epoch: 2 })).rejects.toThrow(/did you mean 'epochs'/);
    expect(m).toBeInstanceOf(Model);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });
});
