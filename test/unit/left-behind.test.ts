import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, ageOn, identifyLeftBehind, type HouseholdMember } from '../../src/engine/residents/left-behind.ts';

const AS_OF = '2025-06-30';

let next = 0;
function m(fields: Partial<HouseholdMember> & Pick<HouseholdMember, 'relation' | 'birthDate'>): HouseholdMember {
  return {
    id: `p${++next}`,
    sex: 'male',
    residenceStatus: 'local',
    migrantWorker: false,
    awaySince: null,
    disabilityGrade: null,
    ...fields,
  };
}
const away = (since = '2023-01-01') => ({ residenceStatus: 'outflow' as const, migrantWorker: true, awaySince: since });
const kinds = (members: HouseholdMember[], asOf = AS_OF, only?: string) =>
  identifyLeftBehind(members, asOf)
    .filter((f) => !only || f.kind === only)
    .map((f) => `${f.personId}:${f.kind}:${f.reason}`)
    .sort();
const childKinds = (members: HouseholdMember[], asOf = AS_OF) => kinds(members, asOf, 'leftBehindChild');

/** Father (head), mother (spouse) and a child. */
function family(child: Partial<HouseholdMember>, father: Partial<HouseholdMember> = {}, mother: Partial<HouseholdMember> = {}) {
  const f = m({ relation: 'head', birthDate: '1985-01-01', ...father });
  const mo = m({ relation: 'spouse', sex: 'female', birthDate: '1987-01-01', ...mother });
  const c = m({ relation: 'child', birthDate: '2015-05-05', ...child });
  return { f, mo, c, all: [f, mo, c] };
}

describe('ages and months', () => {
  test('a person is 16 from their 16th birthday', () => {
    assert.equal(ageOn('2009-06-30', '2025-06-30'), 16);
    assert.equal(ageOn('2009-07-01', '2025-06-30'), 15);
    assert.equal(ageOn('2008-02-29', '2025-02-28'), 16);
  });
  test('six months later, clamped to the month’s end', () => {
    assert.equal(addMonths('2024-12-31', 6), '2025-06-30');
    assert.equal(addMonths('2024-08-31', 6), '2025-02-28');
    assert.equal(addMonths('2024-07-15', 6), '2025-01-15');
  });
});

describe('left-behind children', () => {
  test('both parents away as migrant workers', () => {
    const { c, all } = family({}, away(), away());
    assert.deepEqual(childKinds(all), [`${c.id}:leftBehindChild:bothParentsAway`]);
  });

  test('one parent away and the other at home: not left behind', () => {
    const { all } = family({}, away(), {});
    assert.deepEqual(childKinds(all), []);
    const { all: motherAway } = family({}, {}, away());
    assert.deepEqual(childKinds(motherAway), []);
  });

  test('one parent away and the other unable to act as guardian (severe disability, grade 1 or 2)', () => {
    for (const grade of [1, 2]) {
      const { c, all } = family({}, away(), { disabilityGrade: grade });
      assert.deepEqual(childKinds(all), [`${c.id}:leftBehindChild:oneParentAwayOtherUnableToGuard`]);
    }
    for (const grade of [3, 4]) {
      const { all } = family({}, away(), { disabilityGrade: grade });
      assert.deepEqual(childKinds(all), [], `grade ${grade} can still guard`);
    }
  });

  test('one parent away as a migrant worker, the other away for another reason', () => {
    const { c, all } = family({}, away(), { residenceStatus: 'outflow', migrantWorker: false, awaySince: '2024-01-01' });
    assert.deepEqual(childKinds(all), [`${c.id}:leftBehindChild:oneParentAwayOtherUnableToGuard`]);
  });

  test('a parent away but not as a migrant worker, the other at home: not left behind', () => {
    const { all } = family({}, { residenceStatus: 'outflow', migrantWorker: false, awaySince: '2024-01-01' }, {});
    assert.deepEqual(childKinds(all), []);
  });

  test('the mother at home is a left-behind woman while the father works away; the child is not left behind', () => {
    const { mo, c, all } = family({}, away('2023-01-01'), {});
    assert.deepEqual(kinds(all), [`${mo.id}:leftBehindWoman:husbandAwaySixMonths`]);
    assert.ok(!kinds(all).some((k) => k.startsWith(c.id)));
  });

  test('a parent back home ends it', () => {
    const before = family({}, away(), away());
    assert.equal(childKinds(before.all).length, 1);
    const back = family({}, { residenceStatus: 'local', migrantWorker: true }, away());
    assert.deepEqual(childKinds(back.all), []);
  });

  test('a child exactly 16 is not a left-behind child; the day before they are', () => {
    const sixteen = family({ birthDate: '2009-06-30' }, away(), away());
    assert.deepEqual(childKinds(sixteen.all), []);
    const fifteen = family({ birthDate: '2009-07-01' }, away(), away());
    assert.deepEqual(childKinds(fifteen.all), [`${fifteen.c.id}:leftBehindChild:bothParentsAway`]);
  });

  test('the only parent in the household away', () => {
    const mother = m({ relation: 'head', sex: 'female', birthDate: '1988-01-01', ...away() });
    const c = m({ relation: 'child', birthDate: '2016-01-01' });
    assert.deepEqual(childKinds([mother, c]), [`${c.id}:leftBehindChild:onlyParentAway`]);
  });

  test('grandchildren with grandparents: their parents are the head’s child and child-in-law', () => {
    const grandpa = m({ relation: 'head', birthDate: '1955-01-01' });
    const grandma = m({ relation: 'spouse', sex: 'female', birthDate: '1957-01-01' });
    const son = m({ relation: 'child', birthDate: '1984-01-01', ...away('2020-01-01') });
    const daughterInLaw = m({ relation: 'childInLaw', sex: 'female', birthDate: '1986-01-01', ...away('2020-01-01') });
    const kid = m({ relation: 'grandchild', birthDate: '2014-01-01' });
    const found = kinds([grandpa, grandma, son, daughterInLaw, kid]);
    assert.ok(found.includes(`${kid.id}:leftBehindChild:bothParentsAway`));
    // The grandparents are 68 and 70 with their only child away: left-behind elderly too.
    assert.ok(found.includes(`${grandpa.id}:leftBehindElderly:allChildrenAway`));
    assert.ok(found.includes(`${grandma.id}:leftBehindElderly:allChildrenAway`));
  });

  test('a child who is away with the parents (accompanying) is not left behind', () => {
    const { all } = family({ residenceStatus: 'outflow', awaySince: '2023-01-01' }, away(), away());
    assert.deepEqual(childKinds(all), []);
  });
});

describe('left-behind elderly', () => {
  test('60 or older with every child away', () => {
    const head = m({ relation: 'head', birthDate: '1960-01-01' });
    const a = m({ relation: 'child', birthDate: '1985-01-01', ...away() });
    const b = m({ relation: 'child', sex: 'female', birthDate: '1988-01-01', residenceStatus: 'outflow', awaySince: '2019-01-01' });
    assert.deepEqual(kinds([head, a, b]), [`${head.id}:leftBehindElderly:allChildrenAway`]);
  });

  test('one child at home: not left behind', () => {
    const head = m({ relation: 'head', birthDate: '1950-01-01' });
    const a = m({ relation: 'child', birthDate: '1975-01-01', ...away() });
    const b = m({ relation: 'child', birthDate: '1978-01-01' });
    assert.deepEqual(kinds([head, a, b]), []);
  });

  test('exactly 60 counts; 59 does not', () => {
    const sixty = m({ relation: 'head', birthDate: '1965-06-30' });
    const child = m({ relation: 'child', birthDate: '1990-01-01', ...away() });
    assert.deepEqual(kinds([sixty, child]), [`${sixty.id}:leftBehindElderly:allChildrenAway`]);
    const fiftyNine = m({ relation: 'head', birthDate: '1965-07-01' });
    assert.deepEqual(kinds([fiftyNine, child]), []);
  });

  test('no children in the household: nothing is known, nothing is found', () => {
    assert.deepEqual(kinds([m({ relation: 'head', birthDate: '1940-01-01' })]), []);
  });

  test('the head’s parent, whose child is the head', () => {
    const head = m({ relation: 'head', birthDate: '1980-01-01', ...away() });
    const mother = m({ relation: 'parent', sex: 'female', birthDate: '1950-01-01' });
    assert.deepEqual(kinds([head, mother]), [`${mother.id}:leftBehindElderly:allChildrenAway`]);
  });
});

describe('left-behind women', () => {
  test('husband away as a migrant worker six months or more', () => {
    const husband = m({ relation: 'head', birthDate: '1985-01-01', ...away('2024-12-30') });
    const wife = m({ relation: 'spouse', sex: 'female', birthDate: '1987-01-01' });
    assert.deepEqual(kinds([husband, wife]), [`${wife.id}:leftBehindWoman:husbandAwaySixMonths`]);
  });

  test('six months less a day: not yet', () => {
    const husband = m({ relation: 'head', birthDate: '1985-01-01', ...away('2024-12-31') });
    const wife = m({ relation: 'spouse', sex: 'female', birthDate: '1987-01-01' });
    assert.deepEqual(kinds([husband, wife], '2025-06-29'), []);
    assert.deepEqual(kinds([husband, wife], '2025-06-30'), [`${wife.id}:leftBehindWoman:husbandAwaySixMonths`]);
  });

  test('husband away but not as a migrant worker, or since an unknown date, or back home', () => {
    const wife = m({ relation: 'spouse', sex: 'female', birthDate: '1987-01-01' });
    assert.deepEqual(kinds([m({ relation: 'head', birthDate: '1985-01-01', residenceStatus: 'outflow', awaySince: '2020-01-01' }), wife]), []);
    assert.deepEqual(kinds([m({ relation: 'head', birthDate: '1985-01-01', residenceStatus: 'outflow', migrantWorker: true }), wife]), []);
    assert.deepEqual(kinds([m({ relation: 'head', birthDate: '1985-01-01', migrantWorker: true, awaySince: '2020-01-01' }), wife]), []);
  });

  test('the woman is the head and her husband the spouse', () => {
    const wife = m({ relation: 'head', sex: 'female', birthDate: '1987-01-01' });
    const husband = m({ relation: 'spouse', birthDate: '1985-01-01', ...away('2020-01-01') });
    assert.deepEqual(kinds([wife, husband]), [`${wife.id}:leftBehindWoman:husbandAwaySixMonths`]);
  });

  test('a daughter-in-law whose husband, the head’s son, is away', () => {
    const head = m({ relation: 'head', birthDate: '1958-01-01' });
    const son = m({ relation: 'child', birthDate: '1986-01-01', ...away('2022-02-20') });
    const wife = m({ relation: 'childInLaw', sex: 'female', birthDate: '1988-01-01' });
    const found = kinds([head, son, wife]);
    assert.ok(found.includes(`${wife.id}:leftBehindWoman:husbandAwaySixMonths`));
  });

  test('facts are a snapshot of what the finding rests on', () => {
    const husband = m({ relation: 'head', birthDate: '1985-01-01', ...away('2024-01-01') });
    const wife = m({ relation: 'spouse', sex: 'female', birthDate: '1987-01-01' });
    const [finding] = identifyLeftBehind([husband, wife], AS_OF);
    assert.deepEqual(finding!.facts, { husband: { id: husband.id, residenceStatus: 'outflow', migrantWorker: true, awaySince: '2024-01-01' } });
  });
});
