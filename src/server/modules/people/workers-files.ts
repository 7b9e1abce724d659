import {
  columnPositions,
  CSV_MIME,
  enumValue,
  FileProblem,
  readTable,
  toCsv,
  templateFile as spreadsheetTemplate,
  toXlsx,
  XLSX_MIME,
  type Cell,
  type FileFormat,
  type FileOut,
  type RowProblem,
} from '../../files/spreadsheet.ts';
import { POST_KINDS, QUALIFICATION_LEVELS, WORKER_LIMITS, type PostKind, type QualificationLevel } from '../../../contracts/workers.ts';
import type { Worker, WorkerDetail } from '../../../contracts/workers-api.ts';
import type { ProblemCode } from '../../../contracts/problems.ts';
import type { ImportRow, ImportRowProblem } from './workers.service.ts';

/**
 * Worker spreadsheets (CSV or XLSX) as operators fill them in: one worker per row with, if given,
 * a first post and a declared qualification. Chinese headers (the API field names are accepted
 * too), Chinese or English values. Rules that need the database are the service's.
 */

type ColumnKey = 'areaCode' | 'name' | 'idNumber' | 'phone' | 'postAreaCode' | 'postKind' | 'postTitle' | 'postFrom' | 'level' | 'certificateNumber' | 'year';

interface Column {
  key: ColumnKey;
  header: string;
  required?: boolean;
  note: string;
}

export const POST_KIND_LABELS: Record<PostKind, string> = {
  communityWorker: '社区工作者',
  socialWorker: '社会工作者',
  stationStaff: '乡镇（街道）社工站',
  childrenDirector: '儿童主任',
  childrenSupervisor: '儿童督导员',
  other: '其他',
};
const POST_KIND_ALIASES: Record<string, PostKind> = { 社工: 'socialWorker', 社工站: 'stationStaff', 社工站工作人员: 'stationStaff', 专职社区工作者: 'communityWorker' };
export const LEVEL_LABELS: Record<QualificationLevel, string> = { assistant: '助理社会工作师', intermediate: '社会工作师', senior: '高级社会工作师' };

export const COLUMNS: readonly Column[] = [
  { key: 'areaCode', header: '登记地区代码', required: true, note: '村（社区）12 位或乡镇（街道）9 位统计用区划代码，须在您的管辖范围内' },
  { key: 'name', header: '姓名', required: true, note: `不超过 ${WORKER_LIMITS.nameMaxLength} 字` },
  { key: 'idNumber', header: '身份证号', note: '18 位，校验位须正确；加密保存' },
  { key: 'phone', header: '联系电话', note: '手机或固定电话' },
  { key: 'postAreaCode', header: '岗位所在地区代码', note: '填写岗位时必填；社工站、儿童督导员为乡镇 9 位，社区工作者、儿童主任为村（社区）12 位' },
  { key: 'postKind', header: '岗位类型', note: Object.values(POST_KIND_LABELS).join('、') },
  { key: 'postTitle', header: '岗位名称', note: '如：居委会副主任' },
  { key: 'postFrom', header: '任职日期', note: 'YYYY-MM-DD；填写岗位时必填' },
  { key: 'level', header: '资格等级', note: `${Object.values(LEVEL_LABELS).join('、')}；导入为“已申报”，待民政部门核验` },
  { key: 'certificateNumber', header: '证书编号', note: '填写资格等级时必填' },
  { key: 'year', header: '取得年份', note: '填写资格等级时必填' },
];

/** Export-only columns; numbers go out masked there, so the template's number columns stay empty. */
const EXPORT_ONLY = ['编号', '登记地区名称', '现任岗位', '资格（已核验）', '全部资格', '身份证号（脱敏）', '联系电话（脱敏）', '演示数据'] as const;

export { FileProblem, readTable, XLSX_MIME, type FileFormat, type FileOut, type RowProblem };

/** The rows as worker inputs, with every problem of every row named. */
export function rowsToWorkers(table: string[][]): { rows: ImportRow[]; problems: ImportRowProblem[]; dataRows: number } {
  const [header, ...body] = table;
  const at = columnPositions(header, COLUMNS, EXPORT_ONLY);
  const rows: ImportRow[] = [];
  const problems: ImportRowProblem[] = [];
  let dataRows = 0;
  body.forEach((cells, index) => {
    const rowNumber = index + 2;
    if (cells.every((c) => c === '')) return;
    dataRows++;
    const rowProblems: ImportRowProblem[] = [];
    const text = (key: ColumnKey) => {
      const i = at.get(key);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const headerOf = (key: ColumnKey) => {
      const i = at.get(key);
      return i === undefined ? COLUMNS.find((c) => c.key === key)!.header : header![i]!;
    };
    const fail = (field: string, key: ColumnKey, problem: string, code: ProblemCode, params?: Record<string, string | number>) =>
      rowProblems.push({ row: rowNumber, field, column: headerOf(key), problem, code, ...(params ? { params } : {}) });

    const areaCode = text('areaCode');
    if (!areaCode) fail('areaCode', 'areaCode', 'is required', 'required');
    else if (!/^[0-9]{9}([0-9]{3})?$/.test(areaCode)) fail('areaCode', 'areaCode', `"${areaCode}" is not a 9- or 12-digit code`, 'invalid_format', { value: areaCode });
    const name = text('name');
    if (!name) fail('name', 'name', 'is required', 'required');
    else if (name.length > WORKER_LIMITS.nameMaxLength) fail('name', 'name', `is longer than ${WORKER_LIMITS.nameMaxLength} characters`, 'too_long', { max: WORKER_LIMITS.nameMaxLength });
    const idNumber = text('idNumber');
    const phone = text('phone');

    let post: ImportRow['input']['post'];
    const postKindText = text('postKind');
    const postAreaCode = text('postAreaCode');
    const postFrom = text('postFrom');
    if (postKindText || postAreaCode || postFrom) {
      const kind = enumValue(postKindText, POST_KINDS, POST_KIND_LABELS, POST_KIND_ALIASES);
      if (!postKindText) fail('post.kind', 'postKind', 'is required with a post', 'required');
      else if (!kind) fail('post.kind', 'postKind', `"${postKindText}" is not a kind of post (${Object.values(POST_KIND_LABELS).join('、')})`, 'not_allowed', { value: postKindText });
      if (!postAreaCode) fail('post.areaCode', 'postAreaCode', 'is required with a post', 'required');
      else if (!/^[0-9]{9}([0-9]{3})?$/.test(postAreaCode)) fail('post.areaCode', 'postAreaCode', `"${postAreaCode}" is not a 9- or 12-digit code`, 'invalid_format', { value: postAreaCode });
      if (!postFrom) fail('post.from', 'postFrom', 'is required with a post', 'required');
      else if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(postFrom)) fail('post.from', 'postFrom', `"${postFrom}" is not a date (YYYY-MM-DD)`, 'invalid_format', { value: postFrom });
      const title = text('postTitle');
      if (title.length > WORKER_LIMITS.titleMaxLength) fail('post.title', 'postTitle', 'is too long', 'too_long', { max: WORKER_LIMITS.titleMaxLength });
      if (kind) post = { areaCode: postAreaCode, kind, from: postFrom, ...(title ? { title } : {}) };
    }

    let qualification: ImportRow['input']['qualification'];
    const levelText = text('level');
    const certificate = text('certificateNumber');
    const yearText = text('year');
    if (levelText || certificate || yearText) {
      const level = enumValue(levelText, QUALIFICATION_LEVELS, LEVEL_LABELS);
      if (!levelText) fail('qualification.level', 'level', 'is required with a certificate', 'required');
      else if (!level) fail('qualification.level', 'level', `"${levelText}" is not a level (${Object.values(LEVEL_LABELS).join('、')})`, 'not_allowed', { value: levelText });
      if (!certificate) fail('qualification.certificateNumber', 'certificateNumber', 'is required with a qualification', 'required');
      else if (certificate.length > WORKER_LIMITS.certificateMaxLength) fail('qualification.certificateNumber', 'certificateNumber', 'is too long', 'too_long', { max: WORKER_LIMITS.certificateMaxLength });
      const year = Number(yearText);
      if (!yearText) fail('qualification.year', 'year', 'is required with a qualification', 'required');
      else if (!Number.isFinite(year)) fail('qualification.year', 'year', `"${yearText}" is not a number`, 'invalid_type', { value: yearText });
      else if (!Number.isInteger(year) || year < 2006 || year > 2100) fail('qualification.year', 'year', `"${yearText}" is not a year from 2006`, 'out_of_range', { value: yearText, min: 2006, max: 2100 });
      if (level && certificate && Number.isInteger(year)) qualification = { level, certificateNumber: certificate, year };
    }

    if (rowProblems.length) {
      problems.push(...rowProblems);
      return;
    }
    rows.push({
      row: rowNumber,
      input: {
        areaCode,
        name,
        ...(idNumber ? { idNumber } : {}),
        ...(phone ? { phone } : {}),
        ...(post ? { post } : {}),
        ...(qualification ? { qualification } : {}),
      },
    });
  });
  return { rows, problems, dataRows };
}

export function templateFile(format: FileFormat): Promise<FileOut> {
  return spreadsheetTemplate(COLUMNS, '社区工作者', 'workers-template', format);
}

/**
 * Workers as a spreadsheet: the template's columns (numbers masked, first current post, first
 * qualification) with the export-only ones around them.
 */
export async function exportFile(
  workers: Worker[],
  details: Map<string, { posts: WorkerDetail['posts']; qualifications: WorkerDetail['qualifications'] }>,
  format: FileFormat,
  stamp: string,
): Promise<FileOut> {
  const header: Cell[] = [EXPORT_ONLY[0], EXPORT_ONLY[1], ...COLUMNS.map((c) => c.header), ...EXPORT_ONLY.slice(2)];
  const rows: Cell[][] = [header];
  const statusLabel = { declared: '已申报', verified: '已核验', rejected: '未通过' } as const;
  for (const w of workers) {
    const d = details.get(w.id) ?? { posts: [], qualifications: [] };
    const post = d.posts.find((p) => p.current) ?? null;
    const q = d.qualifications[0] ?? null;
    rows.push([
      w.id,
      w.areaName,
      w.areaCode,
      w.name,
      null,
      null,
      post?.areaCode ?? null,
      post ? POST_KIND_LABELS[post.kind] : null,
      post?.title ?? null,
      post?.from ?? null,
      q ? LEVEL_LABELS[q.level] : null,
      q?.certificateNumber ?? null,
      q?.year ?? null,
      d.posts.filter((p) => p.current).map((p) => `${POST_KIND_LABELS[p.kind]}（${p.areaName ?? p.areaCode}）`).join('；'),
      w.qualification ? LEVEL_LABELS[w.qualification] : null,
      d.qualifications.map((x) => `${LEVEL_LABELS[x.level]} ${x.certificateNumber} ${statusLabel[x.status]}`).join('；'),
      w.idNumber,
      w.phone,
      w.generated ? '是' : '否',
    ]);
  }
  if (format === 'csv') return { body: toCsv(rows), contentType: CSV_MIME, filename: `workers-${stamp}.csv` };
  return { body: await toXlsx([{ name: '社区工作者', rows }]), contentType: XLSX_MIME, filename: `workers-${stamp}.xlsx` };
}
