import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildAreaTree } from '../../src/engine/areas/hierarchy.ts';
import {
  activityShare,
  CoverageInputError,
  coveredCommunities,
  coveredCommunitiesAllPairs,
  EARTH_RADIUS_KM,
  facilityCoverage,
  floorAreaPer100Households,
  greatCircleKm,
  radiusCoverage,
  shareAt,
  uncoveredByPopulation,
  URBAN,
  RURAL,
  type CommunityPoints,
} from '../../src/engine/coverage/index.ts';

const f64 = (values: number[]) => Float64Array.from(values);

function communitiesOf(rows: { lon: number; lat: number; population: number; kind: number }[]): CommunityPoints {
  return {
    lon: f64(rows.map((r) => r.lon)),
    lat: f64(rows.map((r) => r.lat)),
    population: f64(rows.map((r) => r.population)),
    kind: Uint8Array.from(rows.map((r) => r.kind)),
  };
}

/** A small tree: one county, two townships, communities split between them. */
function smallTree(communityCount: number) {
  const areas = [
    { code: '340828', parentCode: null, level: 3 },
    { code: '340828100', parentCode: '340828', level: 4 },
    { code: '340828200', parentCode: '340828', level: 4 },
  ];
  const codes: string[] = [];
  for (let c = 0; c < communityCount; c++) {
    const code = `${c % 2 === 0 ? '340828100' : '340828200'}${String(c).padStart(3, '0')}`;
    codes.push(code);
    areas.push({ code, parentCode: code.slice(0, 9), level: 5 });
  }
  const tree = buildAreaTree(areas);
  return { tree, leaf: Int32Array.from(codes.map((c) => tree.index.get(c)!)), codes };
}

// Coordinates on a 1e-4-degree grid (about 11 m) in a box a few tens of km wide, so that
// radii of 1–3 km cover some communities and miss others.
const coordinate = (centre: number, span: number) => fc.integer({ min: -span, max: span }).map((k) => centre + k * 1e-4);
const communityArb = fc.record({
  lon: coordinate(116.3, 2000),
  lat: coordinate(30.8, 2000),
  population: fc.integer({ min: 0, max: 12_000 }),
  kind: fc.constantFrom(URBAN, RURAL),
});
const facilityArb = fc.record({ lon: coordinate(116.3, 2000), lat: coordinate(30.8, 2000) });
const radiiArb = fc.record({
  urbanKm: fc.double({ min: 0.1, max: 5, noNaN: true }),
  ruralKm: fc.double({ min: 0.1, max: 8, noNaN: true }),
});

describe('service-radius coverage', () => {
  it('equals the all-pairs computation on random cases, per community and rolled up', () => {
    fc.assert(
      fc.property(
        fc.array(communityArb, { maxLength: 150 }),
        fc.array(facilityArb, { maxLength: 60 }),
        radiiArb,
        (rows, facilityRows, radii) => {
          const communities = communitiesOf(rows);
          const facilities = { lon: f64(facilityRows.map((f) => f.lon)), lat: f64(facilityRows.map((f) => f.lat)) };
          const expected = coveredCommunitiesAllPairs(communities, facilities, radii);
          assert.deepEqual(coveredCommunities(communities, facilities, radii), expected);

          const { tree, leaf, codes } = smallTree(rows.length);
          const result = radiusCoverage(tree, leaf, communities, facilities, radii);
          // Brute force per township and for the county, by hand.
          for (const area of ['340828', '340828100', '340828200']) {
            for (const kind of ['urban', 'rural', 'all'] as const) {
              let numerator = 0;
              let denominator = 0;
              rows.forEach((r, c) => {
                if (!codes[c]!.startsWith(area)) return;
                if (kind === 'urban' && r.kind !== URBAN) return;
                if (kind === 'rural' && r.kind !== RURAL) return;
                denominator += r.population;
                if (expected[c]) numerator += r.population;
              });
              const share = shareAt(result.population[kind], tree.index.get(area)!);
              assert.equal(share.numerator, numerator);
              assert.equal(share.denominator, denominator);
              assert.equal(share.share, denominator > 0 ? numerator / denominator : null);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agrees with the all-pairs computation anywhere on the globe, poles and antimeridian included', () => {
    const anywhere = fc.record({
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(anywhere.map((p) => ({ ...p, population: 1, kind: RURAL })), { maxLength: 80 }),
        fc.array(anywhere, { maxLength: 40 }),
        fc.double({ min: 1, max: 3000, noNaN: true }),
        (rows, facilityRows, radius) => {
          const communities = communitiesOf(rows);
          const facilities = { lon: f64(facilityRows.map((f) => f.lon)), lat: f64(facilityRows.map((f) => f.lat)) };
          const radii = { urbanKm: radius, ruralKm: radius };
          assert.deepEqual(coveredCommunities(communities, facilities, radii), coveredCommunitiesAllPairs(communities, facilities, radii));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts a facility exactly on the radius, and not one a metre beyond it', () => {
    const lat0 = 30.8;
    const onRadius = lat0 + ((1 / EARTH_RADIUS_KM) * 180) / Math.PI;
    const beyond = lat0 + ((1.001 / EARTH_RADIUS_KM) * 180) / Math.PI;
    assert.ok(Math.abs(greatCircleKm(116, lat0, 116, onRadius) - 1) < 1e-9);
    const communities = communitiesOf([
      { lon: 116, lat: lat0, population: 100, kind: URBAN },
      { lon: 117, lat: lat0, population: 100, kind: URBAN },
    ]);
    const facilities = { lon: f64([116, 117]), lat: f64([onRadius, beyond]) };
    const radii = { urbanKm: 1, ruralKm: 3 };
    assert.deepEqual([...coveredCommunities(communities, facilities, radii)], [1, 0]);
    assert.deepEqual([...coveredCommunitiesAllPairs(communities, facilities, radii)], [1, 0]);
  });

  it('uses the urban radius for urban communities and the rural one for villages', () => {
    // 2 km north of each community: beyond 1 km (urban), within 3 km (rural).
    const dLat = ((2 / EARTH_RADIUS_KM) * 180) / Math.PI;
    const communities = communitiesOf([
      { lon: 116, lat: 30, population: 10, kind: URBAN },
      { lon: 117, lat: 30, population: 20, kind: RURAL },
    ]);
    const facilities = { lon: f64([116, 117]), lat: f64([30 + dLat, 30 + dLat]) };
    assert.deepEqual([...coveredCommunities(communities, facilities, { urbanKm: 1, ruralKm: 3 })], [0, 1]);
  });

  it('covers nobody when there are no facilities', () => {
    const { tree, leaf } = smallTree(3);
    const communities = communitiesOf([
      { lon: 116, lat: 30, population: 10, kind: URBAN },
      { lon: 116.01, lat: 30, population: 20, kind: RURAL },
      { lon: 116.02, lat: 30, population: 30, kind: RURAL },
    ]);
    const result = radiusCoverage(tree, leaf, communities, { lon: f64([]), lat: f64([]) }, { urbanKm: 1, ruralKm: 3 });
    assert.deepEqual([...result.covered], [0, 0, 0]);
    assert.deepEqual(shareAt(result.population.all, tree.index.get('340828')!), { numerator: 0, denominator: 60, share: 0 });
    assert.deepEqual([...uncoveredByPopulation(result.covered, communities.population)], [2, 1, 0]);
  });

  it('gives no share (null, not 0 or NaN) where nobody lives', () => {
    const { tree, leaf } = smallTree(2);
    const communities = communitiesOf([
      { lon: 116, lat: 30, population: 0, kind: URBAN },
      { lon: 116.01, lat: 30, population: 0, kind: RURAL },
    ]);
    const result = radiusCoverage(tree, leaf, communities, { lon: f64([116]), lat: f64([30]) }, { urbanKm: 1, ruralKm: 3 });
    assert.deepEqual([...result.covered], [1, 1]);
    assert.deepEqual(shareAt(result.population.all, tree.index.get('340828')!), { numerator: 0, denominator: 0, share: null });
    assert.deepEqual(shareAt(result.communities.all, tree.index.get('340828')!), { numerator: 2, denominator: 2, share: 1 });
    // No communities at all: nothing to compute, nothing refused.
    const empty = smallTree(0);
    const none = radiusCoverage(empty.tree, empty.leaf, communitiesOf([]), { lon: f64([116]), lat: f64([30]) }, { urbanKm: 1, ruralKm: 3 });
    assert.equal(none.covered.length, 0);
    assert.equal(shareAt(none.population.urban, 0).share, null);
  });

  it('lists the uncovered communities most people first, ties by position', () => {
    const covered = Uint8Array.from([0, 1, 0, 0, 0]);
    const population = f64([50, 1000, 300, 50, 700]);
    assert.deepEqual([...uncoveredByPopulation(covered, population)], [4, 2, 0, 3]);
    assert.deepEqual([...uncoveredByPopulation(covered, population, (c) => c !== 4)], [2, 0, 3]);
  });

  it('refuses NaN and out-of-range coordinates, naming the field', () => {
    const good = { lon: 116, lat: 30, population: 1, kind: URBAN };
    const radii = { urbanKm: 1, ruralKm: 3 };
    const none = { lon: f64([]), lat: f64([]) };
    const cases: [CommunityPoints, { lon: Float64Array; lat: Float64Array }, string][] = [
      [communitiesOf([good, { ...good, lon: Number.NaN }]), none, 'communities.lon[1]'],
      [communitiesOf([{ ...good, lat: 91 }]), none, 'communities.lat[0]'],
      [communitiesOf([{ ...good, lon: -180.5 }]), none, 'communities.lon[0]'],
      [communitiesOf([good]), { lon: f64([116, Infinity]), lat: f64([30, 30]) }, 'facilities.lon[1]'],
      [communitiesOf([good]), { lon: f64([116]), lat: f64([Number.NaN]) }, 'facilities.lat[0]'],
      [communitiesOf([{ ...good, population: Number.NaN }]), none, 'communities.population[0]'],
      [communitiesOf([{ ...good, population: -1 }]), none, 'communities.population[0]'],
    ];
    for (const [communities, facilities, field] of cases) {
      for (const compute of [coveredCommunities, coveredCommunitiesAllPairs]) {
        assert.throws(
          () => compute(communities, facilities, radii),
          (e: unknown) => e instanceof CoverageInputError && e.field === field,
          field,
        );
      }
    }
    assert.throws(
      () => coveredCommunities(communitiesOf([good]), none, { urbanKm: Number.NaN, ruralKm: 3 }),
      (e: unknown) => e instanceof CoverageInputError && e.field === 'radii.urbanKm',
    );
    assert.throws(
      () => coveredCommunities(communitiesOf([good]), none, { urbanKm: 1, ruralKm: 0 }),
      (e: unknown) => e instanceof CoverageInputError && e.field === 'radii.ruralKm',
    );
  });
});

describe('facility coverage', () => {
  it('counts communities with a facility, floor area per 100 households and activity share, rolled up', () => {
    const { tree, leaf } = smallTree(4);
    // Communities 0 and 2 are in township 100, 1 and 3 in township 200.
    const communities = {
      leaf,
      kind: Uint8Array.from([URBAN, RURAL, RURAL, URBAN]),
      households: f64([1000, 500, Number.NaN, 2000]),
    };
    const facilities = {
      community: Int32Array.from([0, 0, 1]),
      floorArea: f64([800, 200, 400]),
      activityArea: f64([600, 100, 300]),
    };
    const result = facilityCoverage(tree, communities, facilities);
    const county = tree.index.get('340828')!;
    const t100 = tree.index.get('340828100')!;
    assert.deepEqual(shareAt(result.communities.urban, county), { numerator: 1, denominator: 2, share: 0.5 });
    assert.deepEqual(shareAt(result.communities.rural, county), { numerator: 1, denominator: 2, share: 0.5 });
    assert.deepEqual(shareAt(result.communities.all, t100), { numerator: 1, denominator: 2, share: 0.5 });
    assert.equal(result.facilities[county], 3);
    assert.equal(result.floorArea[county], 1400);
    assert.equal(result.households[county], 3500);
    assert.ok(Number.isNaN(result.households[leaf[2]!]!));
    assert.equal(floorAreaPer100Households(result.floorArea[county]!, result.households[county]!), 40);
    assert.equal(activityShare(result.activityArea[county]!, result.floorArea[county]!), 1000 / 1400);
    assert.equal(floorAreaPer100Households(0, 0), null);
    assert.equal(activityShare(0, 0), null);
  });

  it('refuses impossible floor areas', () => {
    const { tree, leaf } = smallTree(1);
    const communities = { leaf, kind: Uint8Array.from([URBAN]), households: f64([10]) };
    assert.throws(
      () => facilityCoverage(tree, communities, { community: Int32Array.from([0]), floorArea: f64([100]), activityArea: f64([101]) }),
      (e: unknown) => e instanceof CoverageInputError && e.field === 'facilities.activityArea[0]',
    );
    assert.throws(
      () => facilityCoverage(tree, communities, { community: Int32Array.from([0]), floorArea: f64([0]), activityArea: f64([0]) }),
      (e: unknown) => e instanceof CoverageInputError && e.field === 'facilities.floorArea[0]',
    );
  });
});
