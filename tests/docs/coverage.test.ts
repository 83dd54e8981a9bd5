// Documentation coverage of the public API, measured with TypeDoc's own converter
// (scripts/docs-coverage.mjs; no HTML, type errors skipped). Fails with the names of the
// undocumented declarations when a module's coverage drops below its floor.
import { describe, expect, it } from 'vitest';
import { collectDocItems, summarize, type DocItem } from '../../scripts/docs-coverage.mjs';

// Modules whose exports are fully documented: every exported class, function, type, options field
// and public member needs a doc comment. New files here must come documented.
const DOCUMENTED_MODULES = [
  'ts/tensor/', 'ts/autograd/', 'ts/losses/', 'ts/metrics/', 'ts/optimizers/', 'ts/initializers/',
  'ts/regularizers/', 'ts/constraints/', 'ts/activations/', 'ts/saving/', 'ts/callbacks/', 'ts/ops/', 'ts/utils/', 'ts/vis/',
  'bindings/index.ts', 'bindings/backend.ts', 'bindings/memory.ts', 'bindings/variants.ts',
  // Layers: the base class, functional-API pieces and the built-in layer families.
  'ts/layers/layer.ts', 'ts/layers/symbolic.ts', 'ts/layers/input_layer.ts', 'ts/layers/kernel_layer_args.ts',
  'ts/layers/serialization.ts', 'ts/layers/data_format.ts', 'ts/layers/core/', 'ts/layers/activations/',
  'ts/layers/reshaping/', 'ts/layers/merging/', 'ts/layers/masking/', 'ts/layers/regularization/',
  'ts/layers/normalization/', 'ts/layers/convolutional/', 'ts/layers/pooling/', 'ts/layers/index.ts',
  'ts/layers/recurrent/', 'ts/layers/text/', 'ts/layers/attention/', 'ts/layers/preprocessing/',
  'ts/models/', 'ts/training/', 'ts/data/', 'ts/datasets/', 'ts/compare/', 'bindings/kernels/',
];
// Files in those folders documented by the helpers who own them (not yet covered here); none left.
const NOT_YET: RegExp[] = [];
// Floors: the documented modules stay at 100 %, and so does the whole public API (64 % on
// 2026-12-03 morning, 91 % that evening, 100 % once the attention and preprocessing layers,
// models, training, data, compare and the kernel bindings were documented).
const MODULES_MIN = 100;
const OVERALL_MIN = 100;

describe('API documentation coverage (TypeDoc)', () => {
  let items: DocItem[] = [];

  it('converts the package entry points', async () => {
    items = await collectDocItems();
    expect(items.length).toBeGreaterThan(1000);
  }, 600_000);

  it(`documents ${MODULES_MIN} % of the exports of the documented modules`, () => {
    const scoped = items.filter((i) => DOCUMENTED_MODULES.some((p) => i.file.startsWith(p))
      && !NOT_YET.some((r) => r.test(i.file)));
    const s = summarize(scoped);
    const offenders = s.missing.map((m) => `${m.name} (${m.kind}, ${m.file})`);
    expect(s.total).toBeGreaterThan(500);
    expect(s.percent >= MODULES_MIN ? [] : offenders, `${s.documented}/${s.total} documented`).toEqual([]);
  });

  it(`documents at least ${OVERALL_MIN} % of the whole public API`, () => {
    const s = summarize(items);
    expect(s.percent, `${s.documented}/${s.total} documented`).toBeGreaterThanOrEqual(OVERALL_MIN);
  });
});
