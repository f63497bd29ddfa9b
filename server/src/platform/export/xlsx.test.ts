import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import readExcelFile from 'read-excel-file/node';
import { toXlsx } from './xlsx.ts';

describe('toXlsx', () => {
  it('writes typed cells that read back exactly, Chinese headers included', async () => {
    const rows = [{ unit: '播州区', n: 12, rate: 0.75 }, { unit: '汇川区', n: 0, rate: null }];
    const buf = await toXlsx([{
      name: '统计/2026',
      columns: [
        { header: '单位', value: (r: typeof rows[number]) => r.unit },
        { header: '受理数', value: (r: typeof rows[number]) => r.n },
        { header: '按时率', value: (r: typeof rows[number]) => r.rate, format: '0.0%' },
      ],
      rows,
    }]);
    assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK');
    const sheets = await readExcelFile(buf);
    assert.equal(sheets.length, 1);
    assert.equal(sheets[0]!.sheet, '统计 2026');
    assert.deepEqual(sheets[0]!.data, [['单位', '受理数', '按时率'], ['播州区', 12, 0.75], ['汇川区', 0, null]]);
  });
});
