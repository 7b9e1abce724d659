import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ocidFor, processReleases, releasePackage, type OcdsProcess } from '../../src/engine/linkage/ocds.ts';
import { ocdsReleasePackageValidator } from '../support/ocds-schema.ts';

const validate = ocdsReleasePackageValidator();

const community = { id: 'CN-AREA-340828100201', name: '示范村村民委员会', areaCode: '340828100201', areaName: '示范村' };
const orgA = { id: 'org-a', name: '阳光社工服务中心', creditCode: '52340828MJB123456X', areaCode: '340828000000' };
const orgB = { id: 'org-b', name: '同心社会工作服务社', creditCode: null };

function fullProcess(): OcdsProcess {
  return {
    ocidPrefix: 'ocds-linli0',
    projectId: '0193a0b0-0000-7000-8000-000000000001',
    title: '留守儿童暑期陪伴计划',
    description: '三个村的留守儿童暑期课堂与家访',
    buyer: community,
    planning: {
      date: '2026-05-01',
      budgetAmount: 80_000_00,
      budgetLines: [
        { code: 'staff', description: '人员', amount: 60_000_00 },
        { code: 'materials', description: '物料', amount: 20_000_00 },
      ],
      fundingSource: '政府购买服务',
      rationale: '居民需求：暑期无人看护',
    },
    tender: {
      id: 'call-1',
      date: '2026-05-10T02:00:00Z',
      title: '留守儿童暑期陪伴计划 竞争承接',
      method: 'open',
      status: 'complete',
      enquiryPeriod: { start: '2026-05-10', end: '2026-05-15' },
      tenderPeriod: { start: '2026-05-10', end: '2026-05-25' },
      awardPeriod: { start: '2026-05-26', end: '2026-05-30' },
      value: 80_000_00,
      tenderers: [orgA, orgB],
      eligibilityCriteria: '3A 以上评级，至少 2 名持证社工',
    },
    award: { id: 'award-1', date: '2026-05-30', status: 'active', supplier: orgA, value: 78_500_00 },
    contract: { id: 'contract-1', awardId: 'award-1', status: 'active', dateSigned: '2026-06-10', period: { start: '2026-07-01', end: '2026-08-31' }, value: 78_500_00 },
    implementation: {
      date: '2026-08-31T10:00:00Z',
      milestones: [
        { id: 'm-1', title: '开班', dueDate: '2026-07-05', dateMet: '2026-07-04', status: 'met', documents: [{ id: 'doc-1', title: '开班照片', format: 'image/jpeg' }] },
        { id: 'm-2', title: '结项', dueDate: '2026-08-31', status: 'scheduled' },
      ],
      transactions: [{ id: 'pay-1', date: '2026-07-05', amount: 39_250_00, payer: community, payee: orgA }],
    },
  };
}

describe('linkage: OCDS 1.1 releases', () => {
  test('a full process gives one release per stage, and the package validates against the published schema', () => {
    const p = fullProcess();
    const releases = processReleases(p);
    assert.deepEqual(
      releases.map((r) => (r.tag as string[])[0]),
      ['planning', 'tender', 'award', 'contract', 'implementation'],
    );
    const ocid = ocidFor('ocds-linli0', p.projectId);
    assert.ok(releases.every((r) => r.ocid === ocid));
    assert.equal(new Set(releases.map((r) => r.id)).size, releases.length);
    const pkg = releasePackage([p], { uri: 'https://linli.example/api/v1/open-contracting/releases?ocid=x', publisher: { name: '示范县民政局' } });
    assert.equal(validate(pkg), true, JSON.stringify(validate.errors));
    assert.equal(pkg.publishedDate, '2026-08-31T10:00:00.000Z');
  });

  test('amounts in yuan from fen, exact; the supplier and payee carry only organization data', () => {
    const [, , award, , impl] = processReleases(fullProcess());
    assert.deepEqual((award.awards as { value: unknown }[])[0].value, { amount: 78500, currency: 'CNY' });
    const tx = ((impl.contracts as { implementation: { transactions: { value: unknown; payee: unknown }[] } }[])[0].implementation.transactions)[0];
    assert.deepEqual(tx.value, { amount: 39250, currency: 'CNY' });
    assert.deepEqual(tx.payee, { id: 'org-a', name: '阳光社工服务中心' });
    const supplier = (award.parties as { id: string; roles: string[]; identifier?: unknown }[]).find((x) => x.id === 'org-a');
    assert.deepEqual(supplier?.roles, ['tenderer', 'supplier']);
    assert.deepEqual(supplier?.identifier, { scheme: 'CN-USCC', id: '52340828MJB123456X', legalName: '阳光社工服务中心' });
  });

  test('a process still in design is one planning release, valid too', () => {
    const p = { ...fullProcess(), tender: null, award: null, contract: null, implementation: null };
    const pkg = releasePackage([p], { uri: 'https://linli.example/x', publisher: { name: 'p' } });
    assert.equal((pkg.releases as unknown[]).length, 1);
    assert.equal(validate(pkg), true, JSON.stringify(validate.errors));
  });

  test('the validator is not a rubber stamp: a broken package fails', () => {
    const pkg = releasePackage([fullProcess()], { uri: 'https://linli.example/x', publisher: { name: 'p' } });
    const broken = structuredClone(pkg) as { releases: { tag: string[]; date: string }[] };
    broken.releases[0].tag = ['notATag'];
    assert.equal(validate(broken), false);
    const badDate = structuredClone(pkg) as { releases: { date: string }[] };
    badDate.releases[1].date = '30/05/2026';
    assert.equal(validate(badDate), false);
    assert.equal(validate({ ...pkg, releases: [] }), false);
  });
});
