import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  canMoveTo,
  DEFAULT_RATING_SCALE,
  gradeFor,
  ORGANIZATION_STATUSES,
  RATING_GRADES,
  ratingScaleProblem,
  ratingValidUntil,
} from '../../src/engine/people/organization-rules.ts';
import { ORGANIZATION_STATUSES as CONTRACT_STATUSES, RATING_GRADES as CONTRACT_GRADES } from '../../src/contracts/organizations.ts';

describe('organization rules', () => {
  test('the contract speaks the engine’s statuses and grades', () => {
    assert.deepEqual([...CONTRACT_STATUSES], [...ORGANIZATION_STATUSES]);
    assert.deepEqual([...CONTRACT_GRADES], [...RATING_GRADES]);
  });

  test('every status pair: the allowed moves written out here, all others refused', () => {
    const allowed = new Set([
      'incubating>filed', 'incubating>registered', 'incubating>deregistered',
      'filed>registered', 'filed>active', 'filed>deregistered',
      'registered>active', 'registered>deregistered',
      'active>abnormal', 'active>suspended', 'active>deregistered',
      'abnormal>active', 'abnormal>suspended', 'abnormal>deregistered',
      'suspended>active', 'suspended>deregistered',
    ]);
    for (const from of ORGANIZATION_STATUSES) for (const to of ORGANIZATION_STATUSES) assert.equal(canMoveTo(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
  });

  test('grades follow the thresholds: the highest reached; below 1A none', () => {
    const s = DEFAULT_RATING_SCALE;
    assert.equal(gradeFor(599.9, s), null);
    assert.equal(gradeFor(600, s), '1A');
    assert.equal(gradeFor(749, s), '2A');
    assert.equal(gradeFor(750, s), '3A');
    assert.equal(gradeFor(950, s), '5A');
    assert.equal(gradeFor(1000, s), '5A');
  });

  test('property: a higher score never earns a lower grade', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), (a, b) => {
        const rank = (g: string | null) => (g === null ? -1 : RATING_GRADES.indexOf(g as never));
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(rank(gradeFor(lo, DEFAULT_RATING_SCALE)) <= rank(gradeFor(hi, DEFAULT_RATING_SCALE)));
      }),
    );
  });

  test('scales must rise with the grade and stay within the maximum', () => {
    assert.equal(ratingScaleProblem(DEFAULT_RATING_SCALE), null);
    assert.match(ratingScaleProblem({ max: 100, minimums: { '1A': 60, '2A': 60, '3A': 75, '4A': 85, '5A': 95 } })!, /2A/);
    assert.match(ratingScaleProblem({ max: 100, minimums: { '1A': 60, '2A': 70, '3A': 75, '4A': 85, '5A': 101 } })!, /5A/);
    assert.match(ratingScaleProblem({ max: 0, minimums: { '1A': 0, '2A': 1, '3A': 2, '4A': 3, '5A': 4 } })!, /max/);
  });

  test('a rating is valid five years, less a day; 29 February falls back to 28', () => {
    assert.equal(ratingValidUntil('2025-03-01'), '2030-02-28');
    assert.equal(ratingValidUntil('2024-01-01'), '2028-12-31');
    assert.equal(ratingValidUntil('2024-02-29'), '2029-02-28');
  });
});
