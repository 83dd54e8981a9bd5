import { describe, expect, it } from 'vitest';
import { fillPathTemplate } from '../../../ts/callbacks/path_template.js';

// Expected strings are what Python's str.format gives for the same template and values.
describe('checkpoint path templates (Python str.format subset)', () => {
  it.each([
    ['ckpt/{epoch:02d}-{val_loss:.2f}.keras', { epoch: 3, val_loss: 0.45678 }, 'ckpt/03-0.46.keras'],
    ['m{epoch}.keras', { epoch: 12 }, 'm12.keras'],
    ['{epoch:03d}_{batch:04d}.weights.h5', { epoch: 1, batch: 7 }, '001_0007.weights.h5'],
    ['{loss:.3e}.keras', { loss: 0.000123456 }, '1.235e-04.keras'],
    ['{acc:.1%}.keras', { acc: 0.8765 }, '87.6%.keras'],
    ['{acc:.0%}.keras', { acc: 0.5 }, '50%.keras'],
    ['{acc:.2%}.keras', { acc: 0.001 }, '0.10%.keras'],
    ['{val_loss:08.3f}.keras', { val_loss: -1.5 }, '-001.500.keras'],
    ['{{literal}}-{epoch}.keras', { epoch: 2 }, '{literal}-2.keras'],
  ])('%s', (t, v, want) => {
    expect(fillPathTemplate(t, v)).toBe(want);
  });

  it('names a missing key', () => {
    expect(() => fillPathTemplate('{val_acc:.2f}.keras', { epoch: 1, loss: 2 })).toThrow(/val_acc.*Available: \['epoch','loss'\]/);
  });

  it('rejects an unsupported spec and a non-integer for :d', () => {
    expect(() => fillPathTemplate('{epoch:x}.keras', { epoch: 1 })).toThrow(/unsupported format spec/);
    expect(() => fillPathTemplate('{loss:02d}.keras', { loss: 0.5 })).toThrow(/needs an integer/);
  });
});
