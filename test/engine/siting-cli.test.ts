import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { solveCommand } from '../../src/server/cli/solve.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pmed1 = path.join(repoRoot, 'test', 'fixtures', 'orlib-pmed', 'pmed1.txt');

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await solveCommand(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

describe('linli solve', () => {
  test('pmedian --orlib pmed1 prints one JSON line with objective 5819', async () => {
    const r = await run(['pmedian', '--orlib', pmed1, '--time-limit', '5']);
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.equal(r.out.length, 1);
    const j = JSON.parse(r.out[0]);
    assert.deepEqual(Object.keys(j), ['model', 'objective', 'bound', 'gap', 'sites', 'seconds']);
    assert.equal(j.model, 'pmedian');
    assert.equal(j.objective, 5819);
    assert.equal(j.sites.length, 5);
    assert.ok(j.sites.every((s: number) => Number.isInteger(s) && s >= 1 && s <= 100));
    assert.ok(j.bound <= 5819);
  });

  test('--p overrides the p of the OR-Library file', async () => {
    const r = await run(['pmedian', '--orlib', pmed1, '--p=3']);
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.equal(JSON.parse(r.out[0]).sites.length, 3);
  });

  describe('CSV points', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linli-solve-'));
    // two clusters on a line (planar): rows 1-3 near x=0, rows 4-6 near x=10
    const planar = path.join(dir, 'planar.csv');
    writeFileSync(planar, 'x,y,weight\n0,0,1\n1,0,5\n2,0,1\n10,0,1\n11,0,5\n12,0,1\n');
    // only rows 2 and 5 are candidates
    const cand = path.join(dir, 'cand.csv');
    writeFileSync(cand, 'x,y,weight,candidate\n0,0,1,0\n1,0,5,1\n2,0,1,0\n10,0,1,0\n11,0,5,1\n12,0,1,0\n');
    // lon/lat: three points in Beijing ~1 km apart and one 50 km away
    const lonlat = path.join(dir, 'lonlat.csv');
    writeFileSync(lonlat, 'x,y,weight\n116.40,39.90,3\n116.41,39.90,2\n116.40,39.91,2\n116.90,39.90,1\n');

    test('pmedian --planar: the two cluster centres (1-based data rows)', async () => {
      const r = await run(['pmedian', '--points', planar, '--planar', '--p', '2']);
      assert.equal(r.code, 0, r.err.join('\n'));
      const j = JSON.parse(r.out[0]);
      assert.deepEqual(j.sites, [2, 5]);
      assert.equal(j.objective, 4);
      assert.equal(j.gap, 0);
    });

    test('mclp with a candidate column reports data-row numbers', async () => {
      const r = await run(['mclp', '--points', cand, '--planar', '--radius', '1', '--p', '1']);
      assert.equal(r.code, 0, r.err.join('\n'));
      const j = JSON.parse(r.out[0]);
      assert.equal(j.objective, 7);
      assert.ok(j.sites[0] === 2 || j.sites[0] === 5);
    });

    test('lscp on lon/lat (km)', async () => {
      const r = await run(['lscp', '--points', lonlat, '--radius', '2']);
      assert.equal(r.code, 0, r.err.join('\n'));
      const j = JSON.parse(r.out[0]);
      assert.equal(j.model, 'lscp');
      assert.equal(j.objective, 2);
      assert.equal(j.sites.length, 2);
      assert.ok(j.sites.includes(4));
    });

    test('bad arguments exit with 2 and a message on stderr', async () => {
      const bad: string[][] = [
        [],
        ['center'],
        ['pmedian'],
        ['pmedian', '--orlib'],
        ['pmedian', '--orlib', pmed1, '--points', planar],
        ['pmedian', '--points', planar, '--planar'], // no --p
        ['mclp', '--points', planar, '--planar', '--p', '1'], // no --radius
        ['mclp', '--points', planar, '--planar', '--p', '1', '--radius', '-1'],
        ['mclp', '--points', planar, '--planar', '--p', 'two', '--radius', '1'],
        ['pmedian', '--points', planar, '--planar', '--p', '9'], // p > candidates
        ['pmedian', '--points', path.join(dir, 'missing.csv'), '--p', '1'],
        ['pmedian', '--points', planar, '--p', '1', '--frobnicate'],
        ['lscp', '--points', planar, '--planar', '--radius', '1', '--p', '2'], // lscp takes no p
      ];
      const badCsv = path.join(dir, 'bad.csv');
      writeFileSync(badCsv, 'x,y,weight\n0,0,abc\n');
      bad.push(['pmedian', '--points', badCsv, '--planar', '--p', '1']);
      const outOfRange = path.join(dir, 'range.csv');
      writeFileSync(outOfRange, 'x,y,weight\n200,0,1\n');
      bad.push(['pmedian', '--points', outOfRange, '--p', '1']);
      for (const args of bad) {
        const r = await run(args);
        assert.equal(r.code, 2, `args ${JSON.stringify(args)} → ${r.code}`);
        assert.equal(r.out.length, 0);
        assert.ok(r.err.join('\n').length > 0);
      }
    });

    test('cleanup', () => rmSync(dir, { recursive: true, force: true }));
  });
});
