/** The connection keeps compiled statements (src/lib/db/client.ts) and hands them out as new. */
import { describe, expect, it } from 'vitest';
import { freshDb } from '../support/db.ts';

describe('kept statements', () => {
  it('hands out the same compiled statement, reset to plain rows whatever the last caller switched on', () => {
    const sql = freshDb().$client;
    const text = 'select 1 as one, 2 as two';
    const first = sql.prepare(text);
    expect(sql.prepare(text)).toBe(first);
    expect(first.raw(true).get()).toEqual([1, 2]);
    expect(sql.prepare(text).get()).toEqual({ one: 1, two: 2 });
    expect(sql.prepare(text).pluck(true).get()).toBe(1);
    expect(sql.prepare(text).safeIntegers(true).get()).toEqual({ one: 1n, two: 2n });
    expect(sql.prepare(text).get()).toEqual({ one: 1, two: 2 });
  });

  it('gives a fresh statement while the kept one is still iterating', () => {
    const sql = freshDb().$client;
    const text = 'select value from json_each(@list)';
    const rows = sql.prepare(text).iterate({ list: '[1,2,3]' });
    expect(rows.next().value).toEqual({ value: 1 });
    expect(sql.prepare(text).all({ list: '[7]' })).toEqual([{ value: 7 }]);
    expect([...rows]).toEqual([{ value: 2 }, { value: 3 }]);
    expect(sql.prepare(text).all({ list: '[8]' })).toEqual([{ value: 8 }]);
  });
});
