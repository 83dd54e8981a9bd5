// data.csv: numeric CSV files as [features, label] elements; errors name the file and line.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as data from '../../ts/data/index.js';
import { collect as all } from '../helpers/collect.js';
import { Sequential } from '../../ts/models/sequential.js';
import * as layers from '../../ts/layers/index.js';
import { input } from '../../ts/layers/input_layer.js';
import { tensor } from '../../ts/tensor/creation.js';
import { setSeed } from '../../ts/tensor/random.js';
import { memory } from '../../ts/autograd/gradients.js';

const dir = mkdtempSync(join(tmpdir(), 'kerasm-csv-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}


describe('data.csv', () => {
  const csv = file('a.csv', 'a,b,"c",label\n1,2,3,10\n4,,6,20\r\n\n7,8,9,30\n');

  it('reads features and label, selecting and ordering columns, with defaults for empty fields', async () => {
    const ds = data.csv(csv, { columns: ['c', 'a'], labelColumn: 'label', columnDefaults: { b: -1 } });
    expect(await all(ds)).toEqual([[[3, 1], 10], [[6, 4], 20], [[9, 7], 30]]);
    const batched = data.csv(csv, { labelColumn: 'label', columnDefaults: [0, -1, 0, 0] }).batch(2);
    expect(await all(batched)).toEqual([[[[1, 2, 3], [4, -1, 6]], [10, 20]], [[[7, 8, 9]], [30]]]);
    expect(await all(data.csv(csv, { columns: ['a'], featuresAsDict: true, columnDefaults: { b: 0 } }))).toEqual([{ a: 1 }, { a: 4 }, { a: 7 }]);
  });

  it('reads URLs with fetch (a data: URL here)', async () => {
    const url = 'data:text/csv,' + encodeURIComponent('x,y\n1,2\n3,4\n');
    expect(await all(data.csv(url, { labelColumn: 'y' }).batch(2))).toEqual([[[[1], [3]], [2, 4]]]);
  });

  it('headerless files, another delimiter, quoted fields', async () => {
    const p = file('b.tsv', '1;"2";3\n4;5;6\n');
    const ds = data.csv(p, { header: false, delimiter: ';', columnNames: ['x', 'y', 't'], labelColumn: 't' });
    expect(await all(ds)).toEqual([[[1, 2], 3], [[4, 5], 6]]);
  });

  it('a missing column, an empty field without default, a short row or a bad number name the file and line', async () => {
    const before = memory().numTensors;
    await expect(all(data.csv(csv, { labelColumn: 'price' }))).rejects.toThrow(/labelColumn 'price' is not a column of '.*a\.csv'. Received: columns a, b, c, label/);
    await expect(all(data.csv(csv, { labelColumn: 'label' }))).rejects.toThrow(/a\.csv' line 3, column 'b' is empty/);
    const short = file('short.csv', 'a,b\n1,2\n3\n');
    await expect(all(data.csv(short, { labelColumn: 'b' }).batch(4))).rejects.toThrow(/short\.csv' line 3 has 1 field\(s\); column 'b' \(field 2\) is missing/);
    const bad = file('bad.csv', 'a,b\n1,2\n3,x\n');
    await expect(all(data.csv(bad).batch(4).prefetch(2))).rejects.toThrow(/bad\.csv' line 3, column 'b' is not a number. Received: 'x'/);
    await expect(all(data.csv(join(dir, 'nope.csv')))).rejects.toThrow(/cannot read '.*nope\.csv'/);
    expect(memory().numTensors).toBe(before);
  });

  it('feeds fit: scalar labels against a [n, 1] output train as [n, 1] targets do', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => [i / 10, (i % 3) / 2, i / 5 - (i % 3)]);
    const p = file('fit.csv', 'u,v,t\n' + rows.map((r) => r.join(',')).join('\n'));
    const make = () => {
      setSeed(1);
      const m = new Sequential([input({ shape: [2] }), layers.dense({ units: 1 })]);
      m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
      return m;
    };
    const a = make(), b = make();
    const x = tensor(rows.map((r) => [r[0]!, r[1]!])), y = tensor(rows.map((r) => [r[2]!]));
    const ha = await a.fit(x, y, { epochs: 2, batchSize: 5, shuffle: false, verbose: 0 });
    const hb = await b.fit(data.csv(p, { labelColumn: 't' }).batch(5), { epochs: 2, verbose: 0 });
    hb.history.loss!.forEach((v, i) => expect(v).toBeCloseTo(ha.history.loss![i]!, 5));
    hb.history.mae!.forEach((v, i) => expect(v).toBeCloseTo(ha.history.mae![i]!, 5));
    x.dispose(); y.dispose(); a.dispose(); b.dispose();
  });
});
