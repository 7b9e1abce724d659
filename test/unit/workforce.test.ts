import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { actsAsSocialWorkerOn, educationHours, heldOn, isSocialWorkerOn, rangesOverlap, verifiedLevelOn, workforceCounts, type WorkerFacts } from '../../src/engine/workforce/index.ts';

const U = '340828100001';
const R = '340828100200';
const T = '340828100';
const DAY = '2025-06-30';

const worker = (posts: WorkerFacts['posts'], qualifications: WorkerFacts['qualifications'] = []): WorkerFacts => ({ posts, qualifications });
const post = (areaCode: string, kind: string, from = '2024-01-01', to: string | null = null) => ({ areaCode, kind, from, to });
const verified = (level: string, decidedOn = '2024-05-01') => ({ level, status: 'verified', decidedOn });

describe('workforce rules', () => {
  test('a post is held from its first to its last day, both included', () => {
    assert.equal(heldOn({ from: '2025-01-01', to: '2025-06-30' }, '2025-06-30'), true);
    assert.equal(heldOn({ from: '2025-01-01', to: '2025-06-29' }, '2025-06-30'), false);
    assert.equal(heldOn({ from: '2025-07-01', to: null }, '2025-06-30'), false);
    assert.equal(heldOn({ from: '2025-06-30', to: null }, '2025-06-30'), true);
  });

  test('only a qualification verified on or before the day counts, the highest level first', () => {
    const qs = [verified('assistant', '2020-01-01'), verified('senior', '2025-07-01'), { level: 'intermediate', status: 'declared', decidedOn: null }, { level: 'senior', status: 'rejected', decidedOn: '2021-01-01' }];
    assert.equal(verifiedLevelOn(qs, DAY), 'assistant');
    assert.equal(verifiedLevelOn(qs, '2025-07-01'), 'senior');
    assert.equal(verifiedLevelOn(qs, '2019-12-31'), null);
  });

  test('a social worker: in a community post, and verified or in a social-work post', () => {
    assert.equal(isSocialWorkerOn(worker([post(U, 'communityWorker')], [verified('assistant')]), DAY), true);
    assert.equal(isSocialWorkerOn(worker([post(R, 'socialWorker')]), DAY), true);
    assert.equal(isSocialWorkerOn(worker([post(U, 'communityWorker')], [{ level: 'assistant', status: 'declared', decidedOn: null }]), DAY), false);
    assert.equal(isSocialWorkerOn(worker([post(U, 'communityWorker', '2020-01-01', '2024-12-31')], [verified('assistant')]), DAY), false, 'not in post any more');
    assert.equal(isSocialWorkerOn(worker([post(T, 'stationStaff')], [verified('assistant')]), DAY), false, 'a township post is no community’s');
    assert.equal(actsAsSocialWorkerOn(worker([post(T, 'stationStaff')], [verified('assistant')]), DAY), true, 'but the worker is a social worker');
  });

  test('counts per community; a worker in k communities counts 1/k in each', () => {
    const c = workforceCounts(
      [
        worker([post(U, 'communityWorker')], [verified('assistant')]),
        worker([post(U, 'communityWorker')]),
        worker([post(U, 'communityWorker'), post(R, 'communityWorker')]),
        worker([post(R, 'socialWorker')]),
        worker([post(R, 'childrenDirector')]),
        worker([post(T, 'stationStaff')], [verified('senior')]),
      ],
      DAY,
    );
    assert.deepEqual(Object.fromEntries(c.communityWorkers), { [U]: 2.5, [R]: 1.5 });
    assert.deepEqual(Object.fromEntries(c.certifiedCommunityWorkers), { [U]: 1 });
    assert.deepEqual(Object.fromEntries(c.socialWorkers), { [U]: 1, [R]: 1 });
    assert.deepEqual(Object.fromEntries(c.socialWorkerPresence), { [U]: 1, [R]: 1 });
  });

  test('property: totals never count a person twice, and presence never exceeds one', () => {
    const codes = [U, R, '340828100002', T];
    const arbPost = fc.record({
      areaCode: fc.constantFrom(...codes),
      kind: fc.constantFrom('communityWorker', 'socialWorker', 'stationStaff', 'childrenDirector', 'other'),
      from: fc.constantFrom('2020-01-01', '2025-06-30', '2025-07-01'),
      to: fc.constantFrom(null, '2025-06-29', '2025-06-30'),
    });
    const arbWorker = fc.record({
      posts: fc.array(arbPost, { maxLength: 4 }),
      qualifications: fc.array(fc.record({ level: fc.constantFrom('assistant', 'senior'), status: fc.constantFrom('declared', 'verified', 'rejected'), decidedOn: fc.constantFrom(null, '2024-01-01', '2026-01-01') }), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(arbWorker, { maxLength: 30 }), (workers) => {
        const c = workforceCounts(workers, DAY);
        const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
        const social = workers.filter((w) => isSocialWorkerOn(w, DAY)).length;
        assert.ok(Math.abs(sum(c.socialWorkers) - social) < 1e-9);
        assert.ok(sum(c.certifiedCommunityWorkers) <= sum(c.communityWorkers) + 1e-9);
        assert.ok([...c.socialWorkerPresence.values()].every((v) => v === 1));
        assert.ok(sum(c.communityWorkers) <= workers.length + 1e-9);
      }),
    );
  });

  test('continuing education: hours of such trainings inside the period', () => {
    const trainings = [
      { date: '2023-06-30', hours: 10, continuingEducation: true },
      { date: '2023-07-01', hours: 20, continuingEducation: true },
      { date: '2024-01-01', hours: 5.5, continuingEducation: false },
      { date: '2026-06-30', hours: 12.25, continuingEducation: true },
      { date: '2026-07-01', hours: 8, continuingEducation: true },
    ];
    assert.equal(educationHours(trainings, '2023-07-01', '2026-06-30'), 32.25);
    assert.equal(educationHours([], '2023-07-01', '2026-06-30'), 0);
  });

  test('date ranges overlap when they share a day; open ends reach on', () => {
    assert.equal(rangesOverlap({ from: '2020-01-01', to: '2022-12-31' }, { from: '2022-12-31', to: null }), true);
    assert.equal(rangesOverlap({ from: '2020-01-01', to: '2022-12-30' }, { from: '2022-12-31', to: null }), false);
    assert.equal(rangesOverlap({ from: '2020-01-01', to: null }, { from: '2030-01-01', to: '2031-01-01' }), true);
  });
});
