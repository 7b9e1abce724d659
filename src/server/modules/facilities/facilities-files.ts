import {
  columnPositions,
  CSV_MIME,
  enumValue,
  FileProblem,
  NO,
  readTable,
  toCsv,
  templateFile as spreadsheetTemplate,
  toXlsx,
  XLSX_MIME,
  YES,
  type Cell,
  type FileFormat,
  type FileOut,
  type RowProblem,
} from '../../files/spreadsheet.ts';
import {
  CONSTRUCTION_MODES,
  FACILITY_KINDS,
  FACILITY_LIMITS,
  FACILITY_STATUSES,
  type ConstructionMode,
  type FacilityKind,
  type FacilityStatus,
} from '../../../contracts/facilities.ts';
import type { ProblemCode } from '../../../contracts/problems.ts';
import type { Facility, Funding, NewFacility } from './facilities.schema.ts';

/**
 * Facility spreadsheets (CSV or XLSX) as operators fill them in: one facility per row,
 * Chinese column headers (the English field names are accepted too), Chinese or English values.
 */


type ColumnKey =
  | 'areaCode'
  | 'name'
  | 'kind'
  | 'status'
  | 'statusDate'
  | 'constructionMode'
  | 'floorArea'
  | 'activityArea'
  | 'lon'
  | 'lat'
  | 'fundingYear'
  | 'collective'
  | 'government'
  | 'social'
  | 'services'
  | 'openingHours'
  | 'stepFreeEntrance'
  | 'accessibleToilet'
  | 'selfServiceTerminal';

interface Column {
  key: ColumnKey;
  header: string;
  required?: boolean;
  note: string;
}

export const KIND_LABELS: Record<FacilityKind, string> = {
  comprehensive: '综合服务设施',
  elderlyDayCare: '日间照料中心',
  childrenHome: '儿童之家',
  healthStation: '卫生服务站',
  cultureSports: '文体活动场所',
  serviceWindow: '便民服务窗口',
  infoPoint: '信息服务站点',
  other: '其他',
};
const KIND_ALIASES: Record<string, FacilityKind> = {
  社区综合服务设施: 'comprehensive',
  综合服务中心: 'comprehensive',
  综合服务站: 'comprehensive',
  社区综合服务中心: 'comprehensive',
  社区综合服务站: 'comprehensive',
  老年人日间照料中心: 'elderlyDayCare',
  卫生室: 'healthStation',
  村卫生室: 'healthStation',
  社区卫生服务站: 'healthStation',
  益农信息社: 'infoPoint',
};
export const STATUS_LABELS: Record<FacilityStatus, string> = {
  planned: '规划中',
  underConstruction: '建设中',
  operating: '运营中',
  closed: '已关闭',
};
export const MODE_LABELS: Record<ConstructionMode, string> = {
  new: '新建',
  coBuilt: '配建',
  renovated: '改建',
  expanded: '扩建',
  repurposed: '整合利用',
};

export const COLUMNS: readonly Column[] = [
  { key: 'areaCode', header: '社区代码', required: true, note: '村（社区）12 位统计用区划代码' },
  { key: 'name', header: '设施名称', required: true, note: `不超过 ${FACILITY_LIMITS.nameMaxLength} 字` },
  { key: 'kind', header: '设施类型', required: true, note: Object.values(KIND_LABELS).join('、') },
  { key: 'status', header: '状态', note: `${Object.values(STATUS_LABELS).join('、')}；空为规划中` },
  { key: 'statusDate', header: '状态日期', note: 'YYYY-MM-DD，当前状态开始之日；空为导入当日' },
  { key: 'constructionMode', header: '建设方式', note: Object.values(MODE_LABELS).join('、') },
  { key: 'floorArea', header: '建筑面积（平方米）', required: true, note: '大于 0' },
  { key: 'activityArea', header: '居民活动用房面积（平方米）', required: true, note: '大于 0，且不超过建筑面积' },
  { key: 'lon', header: '经度', note: '与纬度同填或同空；须在所属县（市、区）范围内' },
  { key: 'lat', header: '纬度', note: '与经度同填或同空' },
  { key: 'fundingYear', header: '投入年份', note: '填写任一投入金额时必填' },
  { key: 'collective', header: '村级集体经济投入（元）', note: '不小于 0' },
  { key: 'government', header: '政府投入（元）', note: '不小于 0' },
  { key: 'social', header: '社会资金（元）', note: '不小于 0' },
  { key: 'services', header: '服务项目', note: '多项以顿号或分号分隔' },
  { key: 'openingHours', header: '开放时间', note: '文字，如：周一至周五 8:30-17:30' },
  { key: 'stepFreeEntrance', header: '无障碍出入口', note: '是 / 否' },
  { key: 'accessibleToilet', header: '无障碍卫生间', note: '是 / 否' },
  { key: 'selfServiceTerminal', header: '自助服务终端', note: '是 / 否' },
];

/** Columns an export adds; an import ignores them, so an exported file can be edited and imported again. */
const EXPORT_ONLY = ['编号', '社区名称', '资金明细', '版本', '演示数据'] as const;

/** A row's problem with its stable code (and the values its sentence carries), as the import reports every one. */
export type CodedRowProblem = RowProblem & { code: ProblemCode };

export interface ParsedRow {
  row: number;
  input: NewFacility;
}

// ---- reading ----

export { FileProblem, readTable, XLSX_MIME, type FileFormat, type FileOut, type RowProblem };

/**
 * Reads the rows into facility inputs, collecting what is wrong with each row rather than
 * stopping at the first. Rules that need the database (the community, its boundary, scope)
 * are the service's.
 */
export function rowsToFacilities(table: string[][]): { rows: ParsedRow[]; problems: CodedRowProblem[]; dataRows: number } {
  const [header, ...body] = table;
  const at = columnPositions(header, COLUMNS, EXPORT_ONLY);

  const rows: ParsedRow[] = [];
  const problems: CodedRowProblem[] = [];
  let dataRows = 0;
  body.forEach((cells, index) => {
    const rowNumber = index + 2;
    if (cells.every((c) => c === '')) return;
    dataRows++;
    const rowProblems: CodedRowProblem[] = [];
    const text = (key: ColumnKey) => {
      const i = at.get(key);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const headerOf = (key: ColumnKey) => {
      const i = at.get(key);
      return i === undefined ? COLUMNS.find((c) => c.key === key)!.header : header[i]!;
    };
    const fail = (field: string, key: ColumnKey | null, problem: string, code: ProblemCode, params?: Record<string, string | number>) =>
      rowProblems.push({ row: rowNumber, field, column: key ? headerOf(key) : null, problem, code, ...(params ? { params } : {}) });
    const required = (key: ColumnKey, field: string = key) => {
      const value = text(key);
      if (!value) fail(field, key, 'is required', 'required');
      return value;
    };
    const number = (key: ColumnKey, field: string = key): number | undefined => {
      const value = text(key).replace(/,/g, '');
      if (!value) return undefined;
      const n = Number(value);
      if (!Number.isFinite(n)) {
        fail(field, key, `"${text(key)}" is not a number`, 'invalid_type', { value: text(key) });
        return undefined;
      }
      return n;
    };
    const flag = (key: ColumnKey, field: string): boolean => {
      const value = text(key).toLowerCase();
      if (YES.has(value)) return true;
      if (!NO.has(value)) fail(field, key, `"${text(key)}" is neither 是 nor 否`, 'not_allowed', { value: text(key) });
      return false;
    };

    const areaCode = required('areaCode');
    if (areaCode && !/^[0-9]{12}$/.test(areaCode)) fail('areaCode', 'areaCode', `"${areaCode}" is not a 12-digit community code`, 'invalid_format', { value: areaCode });
    const name = required('name');
    if (name.length > FACILITY_LIMITS.nameMaxLength) fail('name', 'name', `is longer than ${FACILITY_LIMITS.nameMaxLength} characters`, 'too_long', { max: FACILITY_LIMITS.nameMaxLength });
    const kindText = required('kind');
    const kind = kindText ? enumValue(kindText, FACILITY_KINDS, KIND_LABELS, KIND_ALIASES) : undefined;
    if (kindText && !kind) fail('kind', 'kind', `"${kindText}" is not a facility kind (${Object.values(KIND_LABELS).join('、')})`, 'not_allowed', { value: kindText });
    const statusText = text('status');
    const status = statusText ? enumValue(statusText, FACILITY_STATUSES, STATUS_LABELS) : 'planned';
    if (!status) fail('status', 'status', `"${statusText}" is not a status (${Object.values(STATUS_LABELS).join('、')})`, 'not_allowed', { value: statusText });
    const statusDate = text('statusDate');
    if (statusDate && !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(statusDate)) fail('statusDate', 'statusDate', `"${statusDate}" is not a date (YYYY-MM-DD)`, 'invalid_format', { value: statusDate });
    const modeText = text('constructionMode');
    const mode = modeText ? enumValue(modeText, CONSTRUCTION_MODES, MODE_LABELS) : null;
    if (modeText && !mode) fail('constructionMode', 'constructionMode', `"${modeText}" is not a construction mode (${Object.values(MODE_LABELS).join('、')})`, 'not_allowed', { value: modeText });
    const floorArea = number('floorArea');
    if (floorArea === undefined && !text('floorArea')) fail('floorArea', 'floorArea', 'is required', 'required');
    const activityArea = number('activityArea');
    if (activityArea === undefined && !text('activityArea')) fail('activityArea', 'activityArea', 'is required', 'required');
    const lon = number('lon', 'location');
    const lat = number('lat', 'location');
    if ((lon === undefined) !== (lat === undefined) && !rowProblems.some((p) => p.field === 'location')) {
      fail('location', lon === undefined ? 'lon' : 'lat', 'needs both longitude and latitude, or neither', 'inconsistent');
    }
    const funding: Funding[] = [];
    const year = number('fundingYear', 'funding');
    for (const source of ['collective', 'government', 'social'] as const) {
      const amount = number(source, 'funding');
      if (amount === undefined) continue;
      if (amount < 0 || amount > FACILITY_LIMITS.fundingAmountMax) fail('funding', source, `amount ${amount} is out of range`, 'out_of_range', { value: amount, max: FACILITY_LIMITS.fundingAmountMax });
      else if (year === undefined) fail('funding', 'fundingYear', 'a funding amount needs its year', 'required');
      else if (!Number.isInteger(year) || year < 1949 || year > 2100) fail('funding', 'fundingYear', `${year} is not a year`, 'out_of_range', { value: year, min: 1949, max: 2100 });
      else funding.push({ source, year, amount });
    }
    const services = text('services')
      .split(/[、;；\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (services.length > FACILITY_LIMITS.servicesMax) fail('services', 'services', `lists more than ${FACILITY_LIMITS.servicesMax} services`, 'too_long', { max: FACILITY_LIMITS.servicesMax });
    if (services.some((s) => s.length > FACILITY_LIMITS.serviceMaxLength)) fail('services', 'services', `a service is longer than ${FACILITY_LIMITS.serviceMaxLength} characters`, 'too_long', { max: FACILITY_LIMITS.serviceMaxLength });
    const openingHours = text('openingHours');
    if (openingHours.length > FACILITY_LIMITS.openingHoursMaxLength) fail('openingHours', 'openingHours', 'is too long', 'too_long', { max: FACILITY_LIMITS.openingHoursMaxLength });
    const stepFreeEntrance = flag('stepFreeEntrance', 'accessibility.stepFreeEntrance');
    const accessibleToilet = flag('accessibleToilet', 'accessibility.accessibleToilet');
    const selfServiceTerminal = flag('selfServiceTerminal', 'selfServiceTerminal');

    if (rowProblems.length) {
      problems.push(...rowProblems);
      return;
    }
    rows.push({
      row: rowNumber,
      input: {
        areaCode,
        name,
        kind: kind!,
        status: status!,
        ...(statusDate ? { statusDate } : {}),
        constructionMode: mode,
        floorArea: floorArea!,
        activityArea: activityArea!,
        location: lon !== undefined && lat !== undefined ? { lon, lat } : null,
        funding,
        services,
        openingHours: openingHours || null,
        accessibility: { stepFreeEntrance, accessibleToilet },
        selfServiceTerminal,
      },
    });
  });
  return { rows, problems, dataRows };
}

// ---- writing ----

/** The import template (Chinese headers; the XLSX adds what each column takes). */
export function templateFile(format: FileFormat): Promise<FileOut> {
  return spreadsheetTemplate(COLUMNS, '设施', 'facilities-template', format);
}

const yesNo = (b: boolean) => (b ? '是' : '否');

/** Facilities as a spreadsheet with the template's columns and the export-only ones before them. */
export async function exportFile(facilities: Facility[], format: FileFormat, stamp: string): Promise<FileOut> {
  const header: Cell[] = [EXPORT_ONLY[0], EXPORT_ONLY[1], ...COLUMNS.map((c) => c.header), EXPORT_ONLY[2], EXPORT_ONLY[3], EXPORT_ONLY[4]];
  const rows: Cell[][] = [header];
  for (const f of facilities) {
    const total = (source: Funding['source']) => {
      const list = f.funding.filter((x) => x.source === source);
      return list.length ? list.reduce((s, x) => s + x.amount, 0) : null;
    };
    const years = [...new Set(f.funding.map((x) => x.year))];
    rows.push([
      f.id,
      f.areaName,
      f.areaCode,
      f.name,
      KIND_LABELS[f.kind],
      STATUS_LABELS[f.status],
      f.statusDate,
      f.constructionMode ? MODE_LABELS[f.constructionMode] : null,
      f.floorArea,
      f.activityArea,
      f.location?.lon ?? null,
      f.location?.lat ?? null,
      // One year imports back as it was; several are summed per source, the detail column keeps them apart.
      years.length === 1 ? years[0]! : years.length ? years.join('、') : null,
      total('collective'),
      total('government'),
      total('social'),
      f.services.join('、'),
      f.openingHours,
      yesNo(f.accessibility.stepFreeEntrance),
      yesNo(f.accessibility.accessibleToilet),
      yesNo(f.selfServiceTerminal),
      f.funding.map((x) => `${x.year} ${{ collective: '村级集体经济', government: '政府', social: '社会资金' }[x.source]} ${x.amount}`).join('；'),
      f.version,
      yesNo(f.generated),
    ]);
  }
  if (format === 'csv') return { body: toCsv(rows), contentType: CSV_MIME, filename: `facilities-${stamp}.csv` };
  return { body: await toXlsx([{ name: '设施', rows }]), contentType: XLSX_MIME, filename: `facilities-${stamp}.xlsx` };
}
