import {
  columnPositions,
  CSV_MIME,
  enumValue,
  FileProblem,
  readTable,
  templateFile as spreadsheetTemplate,
  toCsv,
  toXlsx,
  XLSX_MIME,
  type Cell,
  type FileFormat,
  type FileOut,
} from '../../files/spreadsheet.ts';
import { VOLUNTEER_LIMITS, VOLUNTEER_STATUSES, type Volunteer, type VolunteerImportProblem, type VolunteerStatus } from '../../../contracts/volunteers.ts';
import type { ProblemCode } from '../../../contracts/problems.ts';

/**
 * Volunteer spreadsheets (XLSX or CSV) as operators fill them in: one volunteer per row, named in
 * a community, with skills, availability, the areas served and a status. Chinese headers (the API
 * field names are accepted too); the shared reader and column matching are src/server/files/spreadsheet.ts.
 * Rules that need the database (the community exists, scope) are the service's.
 */

type ColumnKey = 'areaCode' | 'name' | 'skills' | 'availability' | 'serviceAreas' | 'status';

const COLUMNS: readonly { key: ColumnKey; header: string; required?: boolean; note: string }[] = [
  { key: 'areaCode', header: '社区代码', required: true, note: '志愿者登记所在村（社区）的 12 位统计用区划代码，须在您的管辖范围内' },
  { key: 'name', header: '姓名', required: true, note: `不超过 ${VOLUNTEER_LIMITS.nameMaxLength} 字` },
  { key: 'skills', header: '技能', note: `用顿号或逗号分隔，最多 ${VOLUNTEER_LIMITS.skillsMax} 项，每项不超过 ${VOLUNTEER_LIMITS.skillMaxLength} 字` },
  { key: 'availability', header: '可服务时间', note: `如：周末上午；不超过 ${VOLUNTEER_LIMITS.availabilityMaxLength} 字` },
  { key: 'serviceAreas', header: '服务地区代码', note: '用顿号或逗号分隔；不填为登记所在社区' },
  { key: 'status', header: '状态', note: '在册、暂停、退出；不填为在册' },
];

/** The template's header of a field, for the problems the service finds after the file is read. */
export const headerOf = (field: string): string | null => COLUMNS.find((c) => c.key === field)?.header ?? null;

export const STATUS_LABELS: Record<VolunteerStatus, string> = { active: '在册', paused: '暂停', withdrawn: '退出' };
const STATUS_ALIASES: Record<string, VolunteerStatus> = { 正常: 'active', 有效: 'active', 已退出: 'withdrawn', 暂停服务: 'paused' };

/** Export-only columns: ignored when an exported file is imported again. */
const EXPORT_ONLY = ['编号', '社区名称', '已核验时长（小时）', '待核验时长（小时）', '本人账号', '演示数据'] as const;

export interface VolunteerImportRow {
  row: number;
  input: { areaCode: string; name: string; skills: string[]; availability: string | null; serviceAreas: string[]; status: VolunteerStatus };
}

const split = (text: string) => text.split(/[、,，;；\s]+/).map((s) => s.trim()).filter(Boolean);

export async function readVolunteerFile(body: Buffer, format: FileFormat): Promise<string[][]> {
  return readTable(body, format, { maxDataRows: VOLUNTEER_LIMITS.importRowsMax });
}

export { FileProblem };

/** The rows as volunteer inputs, every problem of every row named by code. */
export function rowsToVolunteers(table: string[][]): { rows: VolunteerImportRow[]; problems: VolunteerImportProblem[]; dataRows: number } {
  const [header, ...body] = table;
  const at = columnPositions(header, COLUMNS, EXPORT_ONLY);
  const rows: VolunteerImportRow[] = [];
  const problems: VolunteerImportProblem[] = [];
  let dataRows = 0;
  body.forEach((cells, index) => {
    const row = index + 2;
    if (cells.every((c) => c === '')) return;
    dataRows++;
    const found: VolunteerImportProblem[] = [];
    const text = (key: ColumnKey) => {
      const i = at.get(key);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const headerOf = (key: ColumnKey) => {
      const i = at.get(key);
      return i === undefined ? COLUMNS.find((c) => c.key === key)!.header : header![i]!;
    };
    const fail = (field: string, key: ColumnKey, problem: string, code: ProblemCode, params?: Record<string, string | number>) =>
      found.push({ row, field, column: headerOf(key), problem, code, ...(params ? { params } : {}) });

    const areaCode = text('areaCode');
    if (!areaCode) fail('areaCode', 'areaCode', 'is required', 'required');
    else if (!/^[0-9]{12}$/.test(areaCode)) fail('areaCode', 'areaCode', `"${areaCode}" is not a 12-digit community code`, 'invalid_format', { value: areaCode });
    const name = text('name');
    if (!name) fail('name', 'name', 'is required', 'required');
    else if (name.length > VOLUNTEER_LIMITS.nameMaxLength) fail('name', 'name', `is longer than ${VOLUNTEER_LIMITS.nameMaxLength} characters`, 'too_long', { max: VOLUNTEER_LIMITS.nameMaxLength });
    const skills = [...new Set(split(text('skills')))];
    if (skills.length > VOLUNTEER_LIMITS.skillsMax) fail('skills', 'skills', `more than ${VOLUNTEER_LIMITS.skillsMax} skills`, 'too_long', { max: VOLUNTEER_LIMITS.skillsMax });
    const longSkill = skills.find((s) => s.length > VOLUNTEER_LIMITS.skillMaxLength);
    if (longSkill) fail('skills', 'skills', `"${longSkill}" is longer than ${VOLUNTEER_LIMITS.skillMaxLength} characters`, 'too_long', { value: longSkill, max: VOLUNTEER_LIMITS.skillMaxLength });
    const availability = text('availability');
    if (availability.length > VOLUNTEER_LIMITS.availabilityMaxLength) fail('availability', 'availability', 'is too long', 'too_long', { max: VOLUNTEER_LIMITS.availabilityMaxLength });
    const serviceAreas = [...new Set(split(text('serviceAreas')))];
    if (serviceAreas.length > VOLUNTEER_LIMITS.serviceAreasMax) fail('serviceAreas', 'serviceAreas', `more than ${VOLUNTEER_LIMITS.serviceAreasMax} areas`, 'too_long', { max: VOLUNTEER_LIMITS.serviceAreasMax });
    const badArea = serviceAreas.find((c) => !/^[0-9]+$/.test(c) || ![2, 4, 6, 9, 12].includes(c.length));
    if (badArea) fail('serviceAreas', 'serviceAreas', `"${badArea}" is not a division code (2, 4, 6, 9 or 12 digits)`, 'invalid_format', { value: badArea });
    const statusText = text('status');
    const status = statusText ? enumValue(statusText, VOLUNTEER_STATUSES, STATUS_LABELS, STATUS_ALIASES) : 'active';
    if (!status) fail('status', 'status', `"${statusText}" is not a status (${Object.values(STATUS_LABELS).join('、')})`, 'not_allowed', { value: statusText });
    if (found.length || !status) {
      problems.push(...found);
      return;
    }
    rows.push({ row, input: { areaCode, name, skills, availability: availability || null, serviceAreas, status } });
  });
  return { rows, problems, dataRows };
}

export function templateFile(format: FileFormat): Promise<FileOut> {
  return spreadsheetTemplate(COLUMNS, '志愿者', 'volunteers-template', format);
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** Volunteers as a spreadsheet: the template's columns with the export-only ones around them (imports again). */
export async function exportFile(volunteers: Volunteer[], format: FileFormat, stamp: string): Promise<FileOut> {
  const header: Cell[] = [EXPORT_ONLY[0], EXPORT_ONLY[1], ...COLUMNS.map((c) => c.header), ...EXPORT_ONLY.slice(2)];
  const rows: Cell[][] = [header];
  for (const v of volunteers) {
    rows.push([
      v.id,
      v.areaName,
      v.areaCode,
      v.name,
      v.skills.join('、'),
      v.availability,
      v.serviceAreas.join('、'),
      STATUS_LABELS[v.status],
      hours(v.verifiedMinutes),
      hours(v.claimedMinutes),
      v.hasAccount ? '是' : '否',
      v.generated ? '是' : '否',
    ]);
  }
  if (format === 'csv') return { body: toCsv(rows), contentType: CSV_MIME, filename: `volunteers-${stamp}.csv` };
  return { body: await toXlsx([{ name: '志愿者', rows }]), contentType: XLSX_MIME, filename: `volunteers-${stamp}.xlsx` };
}
