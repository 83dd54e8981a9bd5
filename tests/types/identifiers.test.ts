// The string-identifier unions (ActivationName, LossName, MetricName, OptimizerName,
// InitializerName) are derived from the runtime tables; this checks the other direction: every
// spelling the types admit (snake_case, camelCase, class-name form, as built by ts/utils/spellings.ts)
// resolves at runtime to the same object as the canonical name.
import { describe, expect, it } from 'vitest';
import * as activations from '../../ts/activations/index.js';
import * as initializers from '../../ts/initializers/index.js';
import * as losses from '../../ts/losses/index.js';
import * as metrics from '../../ts/metrics/index.js';
import * as optimizers from '../../ts/optimizers/index.js';
import { camelName } from '../../ts/utils/spellings.js';
import { ValueError } from '../../ts/errors.js';

const pascal = (s: string) => camelName(s).replace(/^./, (c) => c.toUpperCase());
const kind = (o: object) => o.constructor.name;

describe('identifier unions match the runtime tables', () => {
  it('activations: snake_case and camelCase of every name', () => {
    expect(activations.names.length).toBeGreaterThan(15);
    for (const n of activations.names) {
      const want = activations.get(n).activationName;
      expect(activations.get(camelName(n)).activationName, n).toBe(want);
    }
  });

  it('losses: snake_case, camelCase and class-name form of every name and alias', () => {
    expect(losses.validNames()).toContain('categorical_crossentropy');
    for (const n of losses.validNames()) {
      const want = kind(losses.get(n));
      for (const id of [camelName(n), pascal(n)]) expect(kind(losses.get(id)), id).toBe(want);
    }
  });

  it("metrics: every spelling of every name and alias, and 'AUC'", () => {
    for (const n of metrics.validNames()) {
      let want: string;
      try {
        want = kind(metrics.get(n));
      } catch (e) {
        // Metrics with required arguments (precision_at_recall, io_u, …) resolve but ask for them.
        expect(e, n).toBeInstanceOf(ValueError);
        for (const id of [camelName(n), pascal(n)]) expect(() => metrics.get(id), id).not.toThrow(/Unknown metric/);
        continue;
      }
      for (const id of [camelName(n), pascal(n)]) expect(kind(metrics.get(id)), id).toBe(want);
    }
    expect(metrics.get('AUC')).toBeInstanceOf(metrics.AUC);
  });

  it('optimizers: registry keys and class names', () => {
    for (const n of optimizers.names) {
      const o = optimizers.get(n);
      expect(kind(optimizers.get(o.className as optimizers.OptimizerName)), n).toBe(kind(o));
    }
  });

  it('initializers: snake_case, camelCase, class name and legacy aliases', () => {
    expect(initializers.names).toContain('he_normal');
    for (const n of initializers.names) {
      let want: string;
      try {
        want = kind(initializers.get(n));
      } catch (e) {
        expect(e, n).toBeInstanceOf(ValueError); // 'constant' etc. may need a value
        continue;
      }
      for (const id of [camelName(n), pascal(n)]) expect(kind(initializers.get(id)), id).toBe(want);
    }
  });
});
