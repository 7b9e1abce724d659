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
  type RowProblem,
} from '../../files/spreadsheet.ts';
import {
  MANAGEMENT_MODES,
  ORGANIZATION_LIMITS,
  ORGANIZATION_NATURES,
  ORGANIZATION_STATUSES,
  REGISTERED_KINDS,
  SERVICE_FIELDS,
  type ManagementMode,
  type OrganizationNature,
  type OrganizationStatus,
  type RegisteredKind,
  type ServiceField,
} from '../../../contracts/organizations.ts';
import type { NewOrganization, Organization } from '../../../contracts/organizations-api.ts';
import { invalidField } from '../../http/errors.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

/**
 * Organization spreadsheets (XLSX or CSV) as civil-affairs staff fill them in: one organization
 * per row, Chinese headers (the API field names are accepted too), Chinese or English values;
 * an exported file imports again (its extra columns are skipped).
 */

export const MANAGEMENT_LABELS: Record<ManagementMode, string> = { registered: '民政登记', filed: '乡镇（街道）备案', guided: '村（居）委会指导' };
export const KIND_LABELS: Record<RegisteredKind, string> = { socialGroup: '社会团体', socialServiceAgency: '社会服务机构', foundation: '基金会' };
export const NATURE_LABELS: Record<OrganizationNature, string> = { service: '服务性', publicWelfare: '公益性', mutualAid: '互助性' };
export const STATUS_LABELS: Record<OrganizationStatus, string> = {
  incubating: '孵化中',
  filed: '已备案',
  registered: '已登记',
  active: '活跃',
  abnormal: '异常',
  suspended: '暂停活动',
  deregistered: '已注销',
};
export const FIELD_LABELS: Record<ServiceField, string> = {
  elderly: '为老服务',
  children: '儿童关爱',
  disabled: '助残服务',
  youth: '青少年服务',
  women: '妇女服务',
  hardship: '困难群众帮扶',
  volunteering: '志愿服务',
  culture: '文化',
  sports: '体育',
  education: '教育',
  health: '健康',
  environment: '环境保护',
  safety: '平安建设',
  mediation: '矛盾调解',
  charity: '慈善',
  livelihood: '生活服务',
  other: '其他',
};
const MANAGEMENT_ALIASES: Record<string, ManagementMode> = { 登记: 'registered', 民政部门登记: 'registered', 备案: 'filed', 街道备案: 'filed', 乡镇备案: 'filed', 指导: 'guided', 村委会指导: 'guided', 居委会指导: 'guided' };
const KIND_ALIASES: Record<string, RegisteredKind> = { 民办非企业单位: 'socialServiceAgency', 民非: 'socialServiceAgency' };

type ColumnKey =
  | 'areaCode'
  | 'name'
  | 'creditCode'
  | 'management'
  | 'registeredKind'
  | 'nature'
  | 'fields'
  | 'communities'
  | 'status'
  | 'statusDate'
  | 'foundedOn'
  | 'address'
  | 'description';

const COLUMNS: readonly { key: ColumnKey; header: string; required?: boolean; note: string }[] = [
  { key: 'areaCode', header: '登记（备案）地区代码', required: true, note: '登记的县（市、区）、备案的乡镇（街道）或指导的村（社区）的统计用区划代码' },
  { key: 'name', header: '组织名称', required: true, note: `不超过 ${ORGANIZATION_LIMITS.nameMaxLength} 字` },
  { key: 'creditCode', header: '统一社会信用代码', note: '民政登记的组织必填，18 位，校验码须正确' },
  { key: 'management', header: '管理方式', required: true, note: Object.values(MANAGEMENT_LABELS).join('、') },
  { key: 'registeredKind', header: '登记类型', note: `民政登记的组织必填：${Object.values(KIND_LABELS).join('、')}` },
  { key: 'nature', header: '组织性质', required: true, note: Object.values(NATURE_LABELS).join('、') },
  { key: 'fields', header: '服务领域', note: `多项以顿号或分号分隔：${Object.values(FIELD_LABELS).join('、')}` },
  { key: 'communities', header: '服务社区代码', required: true, note: '12 位社区代码，多个以顿号、分号或空格分隔' },
  { key: 'status', header: '状态', note: `${Object.values(STATUS_LABELS).join('、')}；空则按管理方式` },
  { key: 'statusDate', header: '状态日期', note: 'YYYY-MM-DD；空为导入当日' },
  { key: 'foundedOn', header: '成立日期', note: 'YYYY-MM-DD' },
  { key: 'address', header: '地址', note: '文字' },
  { key: 'description', header: '简介', note: '文字' },
];
const EXPORT_ONLY = ['编号', '地区名称', '服务社区', '当前评级', '评级有效期至', '版本', '演示数据'] as const;

const split = (text: string) => text.split(/[、;；,，\s]+/).map((s) => s.trim()).filter(Boolean);

export async function templateFile(format: FileFormat): Promise<FileOut> {
  return spreadsheetTemplate(COLUMNS, '社区社会组织', 'organizations-import-template', format);
}

export interface ParsedImport {
  rows: { row: number; input: NewOrganization }[];
  problems: RowProblem[];
  dataRows: number;
}

/** Reads an uploaded file into organization inputs, each row's problems collected (a bad file is a 400 naming `file`). */
export async function readImport(body: Buffer, format: FileFormat): Promise<ParsedImport> {
  let table: string[][];
  let at: Map<ColumnKey, number>;
  try {
    table = await readTable(body, format, { maxDataRows: ORGANIZATION_LIMITS.importRowsMax });
    at = columnPositions(table[0], COLUMNS, EXPORT_ONLY);
  } catch (e) {
    if (e instanceof FileProblem) throw invalidField('file', e.message);
    throw e;
  }
  const [header, ...body_] = table;
  const rows: ParsedImport['rows'] = [];
  const problems: RowProblem[] = [];
  let dataRows = 0;
  body_.forEach((cells, index) => {
    const row = index + 2;
    if (cells.every((c) => c === '')) return;
    dataRows++;
    const before = problems.length;
    const text = (key: ColumnKey) => {
      const i = at.get(key);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const fail = (key: ColumnKey, problem: string) => {
      const i = at.get(key);
      problems.push({ row, field: key, column: i === undefined ? null : header![i]!, problem });
    };
    const required = (key: ColumnKey) => {
      const v = text(key);
      if (!v) fail(key, 'is required');
      return v;
    };
    const date = (key: ColumnKey) => {
      const v = text(key);
      if (v && !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)) fail(key, `"${v}" is not a date (YYYY-MM-DD)`);
      return v || undefined;
    };
    const areaCode = required('areaCode');
    if (areaCode && !/^[0-9]{2,12}$/.test(areaCode)) fail('areaCode', `"${areaCode}" is not a division code`);
    const name = required('name');
    if (name.length > ORGANIZATION_LIMITS.nameMaxLength) fail('name', `is longer than ${ORGANIZATION_LIMITS.nameMaxLength} characters`);
    const managementText = required('management');
    const management = managementText ? enumValue(managementText, MANAGEMENT_MODES, MANAGEMENT_LABELS, MANAGEMENT_ALIASES) : undefined;
    if (managementText && !management) fail('management', `"${managementText}" is not a management mode (${Object.values(MANAGEMENT_LABELS).join('、')})`);
    const kindText = text('registeredKind');
    const registeredKind = kindText ? enumValue(kindText, REGISTERED_KINDS, KIND_LABELS, KIND_ALIASES) : null;
    if (kindText && !registeredKind) fail('registeredKind', `"${kindText}" is not a registered kind (${Object.values(KIND_LABELS).join('、')})`);
    const natureText = required('nature');
    const nature = natureText ? enumValue(natureText, ORGANIZATION_NATURES, NATURE_LABELS) : undefined;
    if (natureText && !nature) fail('nature', `"${natureText}" is not a nature (${Object.values(NATURE_LABELS).join('、')})`);
    const fields: ServiceField[] = [];
    for (const f of split(text('fields'))) {
      const v = enumValue(f, SERVICE_FIELDS, FIELD_LABELS);
      if (v) fields.push(v);
      else fail('fields', `"${f}" is not a field of service`);
    }
    const communities = split(required('communities'));
    for (const c of communities) if (!/^[0-9]{12}$/.test(c)) fail('communities', `"${c}" is not a 12-digit community code`);
    if (communities.length > ORGANIZATION_LIMITS.communitiesMax) fail('communities', `lists more than ${ORGANIZATION_LIMITS.communitiesMax} communities`);
    const statusText = text('status');
    const status = statusText ? enumValue(statusText, ORGANIZATION_STATUSES, STATUS_LABELS) : undefined;
    if (statusText && !status) fail('status', `"${statusText}" is not a status (${Object.values(STATUS_LABELS).join('、')})`);
    const statusDate = date('statusDate');
    const foundedOn = date('foundedOn');
    const address = text('address');
    const description = text('description');
    if (address.length > ORGANIZATION_LIMITS.shortTextMaxLength) fail('address', `is longer than ${ORGANIZATION_LIMITS.shortTextMaxLength} characters`);
    if (description.length > ORGANIZATION_LIMITS.textMaxLength) fail('description', `is longer than ${ORGANIZATION_LIMITS.textMaxLength} characters`);
    if (problems.length > before || !management || !nature) return;
    rows.push({
      row,
      input: {
        areaCode,
        name,
        creditCode: text('creditCode') || null,
        management,
        registeredKind,
        nature,
        fields,
        communities,
        ...(status ? { status } : {}),
        ...(statusDate ? { statusDate } : {}),
        foundedOn: foundedOn ?? null,
        address: address || null,
        description: description || null,
      },
    });
  });
  if (dataRows === 0) throw invalidField('file', 'has no rows below the header', 'required');
  return { rows, problems, dataRows };
}

export async function exportFile(items: Organization[], format: FileFormat): Promise<FileOut> {
  const header: Cell[] = [...COLUMNS.map((c) => c.header), ...EXPORT_ONLY];
  const rows: Cell[][] = items.map((o) => [
    o.areaCode,
    o.name,
    o.creditCode,
    MANAGEMENT_LABELS[o.management],
    o.registeredKind ? KIND_LABELS[o.registeredKind] : null,
    NATURE_LABELS[o.nature],
    o.fields.map((f) => FIELD_LABELS[f]).join('、'),
    o.communities.map((c) => c.code).join('、'),
    STATUS_LABELS[o.status],
    o.statusDate,
    o.foundedOn,
    o.address,
    o.description,
    o.id,
    o.areaName,
    o.communities.map((c) => c.name ?? c.code).join('、'),
    o.rating?.grade ?? null,
    o.rating?.validUntil ?? null,
    o.version,
    o.generated ? '是' : '否',
  ]);
  const stamp = todayInChina().replace(/-/g, '');
  if (format === 'csv') return { body: toCsv([header, ...rows]), contentType: CSV_MIME, filename: `organizations-${stamp}.csv` };
  return { body: await toXlsx([{ name: '社区社会组织', rows: [header, ...rows] }]), contentType: XLSX_MIME, filename: `organizations-${stamp}.xlsx` };
}
