import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, addMonths, daysBetween, isCalendarDay } from '../../src/engine/care/calendar.ts';
import { ageOn, birthdayOf, groupEndsOn, recheckGroup } from '../../src/engine/care/groups.ts';
import { ageOn as residentsAgeOn } from '../../src/engine/residents/left-behind.ts';
import { compareLevels, riskFromFactors, type Factors } from '../../src/engine/care/risk.ts';
import { addPeriod, DEFAULT_POLICY, nextChange, nextDue, stageOn, visitedAsPlanned } from '../../src/engine/care/schedule.ts';

const calm: Factors = { safety: 0, health: 0, schooling: 0, livingConditions: 0, mood: 0, carerCapacity: 0 };

describe('care risk from factors', () => {
  test('no concern is low; a serious safety concern alone is high', () => {
    assert.equal(riskFromFactors(calm), 'low');
    assert.equal(riskFromFactors({ ...calm, safety: 2 }), 'high');
  });
  test('one serious concern elsewhere is medium; two are high', () => {
    assert.equal(riskFromFactors({ ...calm, mood: 2 }), 'medium');
    assert.equal(riskFromFactors({ ...calm, mood: 2, health: 2 }), 'high');
  });
  test('two concerns stay low, three make medium', () => {
    assert.equal(riskFromFactors({ ...calm, mood: 1, health: 1 }), 'low');
    assert.equal(riskFromFactors({ ...calm, mood: 1, health: 1, carerCapacity: 1 }), 'medium');
  });
  test('schooling null (an adult) counts as no concern', () => {
    assert.equal(riskFromFactors({ ...calm, schooling: null, mood: 1, health: 1 }), 'low');
    assert.equal(riskFromFactors({ ...calm, schooling: 2, mood: 2 }), 'high');
  });
  test('level order', () => {
    assert.ok(compareLevels('low', 'high') > 0);
    assert.ok(compareLevels('high', 'medium') < 0);
    assert.equal(compareLevels('medium', 'medium'), 0);
  });
});

describe('care calendar', () => {
  test('days and months across edges', () => {
    assert.equal(addDays('2026-12-28', 7), '2027-01-04');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(daysBetween('2026-02-27', '2026-03-01'), 2);
    assert.equal(daysBetween('2028-02-27', '2028-03-01'), 3);
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
    assert.ok(isCalendarDay('2028-02-29'));
    assert.ok(!isCalendarDay('2026-02-29'));
    assert.ok(!isCalendarDay('2026-13-01'));
  });
});

describe('care visit schedule', () => {
  test('defaults: high weekly, medium monthly, low quarterly', () => {
    assert.deepEqual([DEFAULT_POLICY.high, DEFAULT_POLICY.medium, DEFAULT_POLICY.low], ['week', 'month', 'quarter']);
  });
  test('the next visit is one period after the last, or after opening', () => {
    assert.equal(nextDue('2026-11-30', '2026-01-01', 'week'), '2026-12-07');
    assert.equal(nextDue(null, '2026-01-31', 'month'), '2026-02-28');
    assert.equal(nextDue('2026-11-30', '2026-01-01', 'quarter'), '2027-02-28');
    assert.equal(addPeriod('2026-08-31', 'halfYear'), '2027-02-28');
    assert.equal(addPeriod('2026-12-25', 'fortnight'), '2027-01-08');
  });
  test('stages on the edges of a weekly visit due 2026-12-07 (escalation after 7 days)', () => {
    const stage = (today: string) => stageOn('2026-12-07', today, 'week', 7);
    assert.equal(stage('2026-12-04'), 0, 'three days before: scheduled');
    assert.equal(stage('2026-12-05'), 1, 'two days before: due');
    assert.equal(stage('2026-12-07'), 1, 'the due day itself is not overdue');
    assert.equal(stage('2026-12-08'), 2, 'the day after: overdue');
    assert.equal(stage('2026-12-14'), 2, 'seven days late: still overdue');
    assert.equal(stage('2026-12-15'), 3, 'eight days late: escalated');
  });
  test('a monthly visit due at the end of February (leap and common years)', () => {
    const due = nextDue('2028-01-31', '2027-01-01', 'month');
    assert.equal(due, '2028-02-29');
    assert.equal(stageOn(due, '2028-02-21', 'month', 7), 0);
    assert.equal(stageOn(due, '2028-02-22', 'month', 7), 1);
    assert.equal(stageOn(due, '2028-02-29', 'month', 7), 1);
    assert.equal(stageOn(due, '2028-03-01', 'month', 7), 2);
    assert.equal(stageOn('2026-02-28', '2026-03-01', 'month', 7), 2);
  });
  test('escalation the day after the due day when the policy says 0', () => {
    assert.equal(stageOn('2026-12-07', '2026-12-08', 'week', 0), 3);
  });
  test('nextChange gives the day the stage moves, and the stage does move on it', () => {
    const due = '2026-12-07';
    let today = '2026-11-30';
    const seen: number[] = [stageOn(due, today, 'week', 7)];
    for (;;) {
      const next = nextChange(due, today, 'week', 7);
      if (!next) break;
      assert.ok(next > today);
      assert.equal(stageOn(due, addDays(next, -1), 'week', 7), seen.at(-1), `no move before ${next}`);
      today = next;
      seen.push(stageOn(due, today, 'week', 7));
    }
    assert.deepEqual(seen, [0, 1, 2, 3]);
  });
});

describe('visited as the plan asks, over a period', () => {
  const base = { openedOn: '2026-01-01', frequency: 'month' as const, today: '2026-12-31' };
  test('a monthly case visited every month is compliant in November', () => {
    assert.ok(visitedAsPlanned({ ...base, visits: ['2026-10-15', '2026-11-14'], from: '2026-11-01', to: '2026-11-30' }));
  });
  test('a visit due on 15 November and made on 16 November breaks November', () => {
    assert.ok(!visitedAsPlanned({ ...base, visits: ['2026-10-15', '2026-11-16'], from: '2026-11-01', to: '2026-11-30' }));
    assert.ok(visitedAsPlanned({ ...base, visits: ['2026-10-15', '2026-11-15'], from: '2026-11-01', to: '2026-11-30' }));
  });
  test('an overdue day outside the period does not count against it', () => {
    assert.ok(visitedAsPlanned({ ...base, visits: ['2026-09-01', '2026-10-31', '2026-11-20'], from: '2026-11-01', to: '2026-11-30' }));
    assert.ok(!visitedAsPlanned({ ...base, visits: ['2026-09-01', '2026-10-31'], from: '2026-10-01', to: '2026-10-31' }));
  });
  test('a quarterly case needs no visit in a month when none is due', () => {
    assert.ok(visitedAsPlanned({ ...base, frequency: 'quarter', visits: ['2026-10-01'], from: '2026-11-01', to: '2026-11-30' }));
  });
  test('nothing visited since opening: overdue from one period after opening', () => {
    assert.ok(visitedAsPlanned({ ...base, openedOn: '2026-11-10', visits: [], from: '2026-11-01', to: '2026-11-30' }));
    assert.ok(!visitedAsPlanned({ ...base, openedOn: '2026-10-10', visits: [], from: '2026-11-01', to: '2026-11-30' }));
  });
  test('the period is seen up to today, and not after a case closed', () => {
    assert.ok(visitedAsPlanned({ ...base, visits: ['2026-10-20'], from: '2026-11-01', to: '2026-11-30', today: '2026-11-20' }));
    assert.ok(!visitedAsPlanned({ ...base, visits: ['2026-10-20'], from: '2026-11-01', to: '2026-11-30', today: '2026-11-21' }));
    assert.ok(visitedAsPlanned({ ...base, visits: ['2026-10-20'], from: '2026-11-01', to: '2026-11-30', closedOn: '2026-11-19' }));
  });
});

describe('care groups follow age', () => {
  test('a child leaves the left-behind-children group on the 16th birthday', () => {
    assert.equal(groupEndsOn('leftBehindChild', '2010-12-01'), '2026-12-01');
    assert.equal(recheckGroup({ group: 'leftBehindChild', birthDate: '2010-12-01', flagApplies: true, today: '2026-11-30' }), null);
    assert.equal(recheckGroup({ group: 'leftBehindChild', birthDate: '2010-12-01', flagApplies: true, today: '2026-12-01' }), 'ageLimit');
  });
  test('born on 29 February: 16 on 1 March in a common year, on 29 February in a leap year', () => {
    assert.equal(birthdayOf('2012-02-29', 16), '2028-02-29');
    assert.equal(birthdayOf('2010-02-29'.replace('2010', '2008'), 18), '2026-03-01');
    assert.equal(groupEndsOn('leftBehindChild', '2008-02-29'), '2024-02-29');
    assert.equal(groupEndsOn('leftBehindChild', '2012-02-29'), '2028-02-29');
    assert.equal(groupEndsOn('childInDifficulty', '2008-02-29'), '2026-03-01');
    assert.equal(recheckGroup({ group: 'childInDifficulty', birthDate: '2008-02-29', flagApplies: null, today: '2026-02-28' }), null);
    assert.equal(recheckGroup({ group: 'childInDifficulty', birthDate: '2008-02-29', flagApplies: null, today: '2026-03-01' }), 'ageLimit');
  });
  test('ages agree with the residents rules on every day around 29 February', () => {
    for (const birth of ['2008-02-29', '2010-02-28', '2010-03-01', '2012-02-29']) {
      for (let day = '2024-02-20'; day <= '2030-03-05'; day = addDays(day, 1)) {
        assert.equal(ageOn(birth, day), residentsAgeOn(birth, day), `${birth} on ${day}`);
      }
    }
  });
  test('the two 16- and 17-year-olds still flagged today leave the group', () => {
    assert.equal(recheckGroup({ group: 'leftBehindChild', birthDate: '2010-05-03', flagApplies: true, today: '2026-11-30' }), 'ageLimit');
    assert.equal(recheckGroup({ group: 'leftBehindChild', birthDate: '2009-07-19', flagApplies: true, today: '2026-11-30' }), 'ageLimit');
  });
  test('a left-behind group ends when its flag no longer applies (a parent came home); other groups have no flag', () => {
    assert.equal(recheckGroup({ group: 'leftBehindElderly', birthDate: '1950-01-01', flagApplies: false, today: '2026-11-30' }), 'flagEnded');
    assert.equal(recheckGroup({ group: 'leftBehindWoman', birthDate: '1990-01-01', flagApplies: true, today: '2026-11-30' }), null);
    assert.equal(recheckGroup({ group: 'disabled', birthDate: '2015-01-01', flagApplies: null, today: '2026-11-30' }), null);
    assert.equal(groupEndsOn('elderlyAlone', '1940-01-01'), null);
  });
});
