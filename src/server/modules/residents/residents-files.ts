import {
  DISABILITY_CATEGORIES,
  HARDSHIP_KINDS,
  RELATIONS,
  RESIDENCE_STATUSES,
  type DisabilityCategory,
  type HardshipKind,
  type Relation,
  type ResidenceStatus,
  type Sex,
} from '../../../contracts/residents.ts';
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
import type { NewPerson, Person } from './residents.schema.ts';
import type { ProblemCode } from '../../../contracts/problems.ts';

/**
 * Person spreadsheets (CSV or XLSX): one person per row, grouped into households by the
 * household number column; Chinese column headers (English field names accepted too),
 * Chinese or English values.
 */
export { FileProblem, readTable, XLSX_MIME, type FileFormat, type FileOut, type RowProblem };

type ColumnKey =
  | 'householdNumber'
  | 'areaCode'
  | 'address'
  | 'hukou'
  | 'name'
  | 'sex'
  | 'birthDate'
  | 'idNumber'
  | 'phone'
  | 'ethnicity'
  | 'relation'
  | 'hukouAreaCode'
  | 'residenceStatus'
  | 'residencePermitNumber'
  | 'awayTo'
  | 'awaySince'
  | 'migrantWorker'
  | 'accompanyingFamily'
  | 'disabilityCategory'
  | 'disabilityGrade'
  | 'hardship'
  | 'livingAlone'
  | 'notes';

interface Column {
  key: ColumnKey;
  header: string;
  required?: boolean;
  note: string;
}

export const SEX_LABELS: Record<Sex, string> = { male: '男', female: '女' };
export const RELATION_LABELS: Record<Relation, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  childInLaw: '儿媳/女婿',
  grandchild: '孙子女',
  parent: '父母',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
};
const RELATION_ALIASES: Record<string, Relation> = {
  本人: 'head',
  妻: 'spouse',
  妻子: 'spouse',
  夫: 'spouse',
  丈夫: 'spouse',
  子: 'child',
  女: 'child',
  儿子: 'child',
  女儿: 'child',
  长子: 'child',
  次子: 'child',
  长女: 'child',
  次女: 'child',
  儿媳: 'childInLaw',
  女婿: 'childInLaw',
  孙子: 'grandchild',
  孙女: 'grandchild',
  外孙子: 'grandchild',
  外孙女: 'grandchild',
  父亲: 'parent',
  母亲: 'parent',
  祖父: 'grandparent',
  祖母: 'grandparent',
  兄: 'sibling',
  弟: 'sibling',
  姐: 'sibling',
  妹: 'sibling',
};
export const STATUS_LABELS: Record<ResidenceStatus, string> = { local: '本地', inflow: '流入', outflow: '流出' };
export const DISABILITY_LABELS: Record<DisabilityCategory, string> = {
  visual: '视力',
  hearing: '听力',
  speech: '言语',
  physical: '肢体',
  intellectual: '智力',
  mental: '精神',
  multiple: '多重',
};
export const HARDSHIP_LABELS: Record<HardshipKind, string> = { minimumLivingAllowance: '低保', extremePoverty: '特困', lowIncome: '低收入' };
const HARDSHIP_ALIASES: Record<string, HardshipKind> = { 最低生活保障: 'minimumLivingAllowance', 低保户: 'minimumLivingAllowance', 特困供养: 'extremePoverty', 特困人员: 'extremePoverty' };

export const COLUMNS: readonly Column[] = [
  { key: 'householdNumber', header: '户编号', required: true, note: '同一户的成员填同一编号；已有此编号的户在同一社区时并入该户' },
  { key: 'areaCode', header: '社区代码', required: true, note: '居住地村（社区）12 位统计用区划代码；同一户须相同' },
  { key: 'address', header: '住址', note: '新户必填（填在该户任一行即可）' },
  { key: 'hukou', header: '户籍户', note: '是 / 否；空为是' },
  { key: 'name', header: '姓名', required: true, note: '' },
  { key: 'sex', header: '性别', note: '男 / 女；填写身份证号时可空' },
  { key: 'birthDate', header: '出生日期', note: 'YYYY-MM-DD；填写身份证号时可空' },
  { key: 'idNumber', header: '身份证号', note: '18 位公民身份号码，须与出生日期、性别一致；请以文本格式保存' },
  { key: 'phone', header: '联系电话', note: '手机或固定电话' },
  { key: 'ethnicity', header: '民族', note: '如：汉族' },
  { key: 'relation', header: '与户主关系', required: true, note: Object.values(RELATION_LABELS).join('、') },
  { key: 'hukouAreaCode', header: '户籍地代码', note: '6、9 或 12 位区划代码' },
  { key: 'residenceStatus', header: '居住状态', note: `${Object.values(STATUS_LABELS).join('、')}；空为本地` },
  { key: 'residencePermitNumber', header: '居住证号', note: '流入人员' },
  { key: 'awayTo', header: '外出去向', note: '流出人员必填，如：浙江省杭州市' },
  { key: 'awaySince', header: '外出时间', note: 'YYYY-MM-DD' },
  { key: 'migrantWorker', header: '农民工', note: '是 / 否' },
  { key: 'accompanyingFamily', header: '随迁家属', note: '是 / 否' },
  { key: 'disabilityCategory', header: '残疾类别', note: Object.values(DISABILITY_LABELS).join('、') },
  { key: 'disabilityGrade', header: '残疾等级', note: '1–4（一级最重）' },
  { key: 'hardship', header: '困难类型', note: Object.values(HARDSHIP_LABELS).join('、') },
  { key: 'livingAlone', header: '独居', note: '是 / 否' },
  { key: 'notes', header: '备注', note: '' },
];

/** The template's header of the column an API field is read from (null when no column holds it). */
export function columnOf(field: string): string | null {
  const key = field === 'disability' ? 'disabilityCategory' : field === 'disability.grade' ? 'disabilityGrade' : field;
  return COLUMNS.find((c) => c.key === key)?.header ?? null;
}

/** Columns an export adds; an import ignores them. */
const EXPORT_ONLY = ['编号', '年龄', '版本', '演示数据'] as const;

export interface ParsedPersonRow {
  row: number;
  householdNumber: string;
  areaCode: string;
  address: string;
  hukou: boolean;
  input: Omit<NewPerson, 'householdId' | 'areaCode'>;
}

const GRADES: Record<string, number> = { 一级: 1, 二级: 2, 三级: 3, 四级: 4, '1级': 1, '2级': 2, '3级': 3, '4级': 4, 一: 1, 二: 2, 三: 3, 四: 4 };

/** Reads the rows, collecting every problem of every row; rules needing the database are the service's. */
/** A row's problem with its stable code, as the person import reports every one. */
export type CodedRowProblem = RowProblem & { code: ProblemCode };

export function rowsToPersons(table: string[][]): { rows: ParsedPersonRow[]; problems: CodedRowProblem[]; dataRows: number } {
  const [header, ...body] = table;
  const at = columnPositions(header, COLUMNS, EXPORT_ONLY);

  const rows: ParsedPersonRow[] = [];
  const problems: CodedRowProblem[] = [];
  let dataRows = 0;
  for (let index = 0; index < body.length; index++) {
    const cells = body[index]!;
    const rowNumber = index + 2;
    if (cells.every((c) => c === '')) continue;
    dataRows++;
    const before = problems.length;
    const text = (key: ColumnKey) => {
      const i = at.get(key);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const fail = (field: string, key: ColumnKey, problem: string, code: ProblemCode, params?: Record<string, string | number>) => {
      const i = at.get(key);
      problems.push({ row: rowNumber, field, column: i === undefined ? COLUMNS.find((c) => c.key === key)!.header : header[i]!, problem, code, ...(params ? { params } : {}) });
    };
    const required = (key: ColumnKey) => {
      const value = text(key);
      if (!value) fail(key, key, 'is required', 'required');
      return value;
    };
    const flag = (key: ColumnKey): boolean => {
      const value = text(key).toLowerCase();
      if (YES.has(value)) return true;
      if (!NO.has(value)) fail(key, key, `"${text(key)}" is neither 是 nor 否`, 'not_allowed', { value: text(key) });
      return false;
    };
    const date = (key: ColumnKey): string | undefined => {
      const value = text(key).replace(/[/.年月]/g, '-').replace(/日$/, '');
      if (!value) return undefined;
      const m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/.exec(value) ?? /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(value);
      if (!m) {
        fail(key, key, `"${text(key)}" is not a date (YYYY-MM-DD)`, 'invalid_format', { value: text(key) });
        return undefined;
      }
      return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    };

    const householdNumber = required('householdNumber');
    const areaCode = text('areaCode');
    if (areaCode && !/^[0-9]{12}$/.test(areaCode)) fail('areaCode', 'areaCode', `"${areaCode}" is not a 12-digit community code`, 'invalid_format', { value: areaCode });
    const name = required('name');
    const sexText = text('sex');
    const sex = sexText ? enumValue(sexText, ['male', 'female'] as const, SEX_LABELS, { 男性: 'male', 女性: 'female' }) : undefined;
    if (sexText && !sex) fail('sex', 'sex', `"${sexText}" is neither 男 nor 女`, 'not_allowed', { value: sexText });
    const relationText = required('relation');
    const relation = relationText ? enumValue(relationText, RELATIONS, RELATION_LABELS, RELATION_ALIASES) : undefined;
    if (relationText && !relation) fail('relation', 'relation', `"${relationText}" is not a relation (${Object.values(RELATION_LABELS).join('、')})`, 'not_allowed', { value: relationText });
    const statusText = text('residenceStatus');
    const residenceStatus = statusText ? enumValue(statusText, RESIDENCE_STATUSES, STATUS_LABELS, { 常住: 'local', 外出: 'outflow', 外来: 'inflow' }) : 'local';
    if (!residenceStatus) fail('residenceStatus', 'residenceStatus', `"${statusText}" is not a residence status (${Object.values(STATUS_LABELS).join('、')})`, 'not_allowed', { value: statusText });
    const categoryText = text('disabilityCategory').replace(/残疾$/, '');
    const category = categoryText ? enumValue(categoryText, DISABILITY_CATEGORIES, DISABILITY_LABELS) : undefined;
    if (categoryText && !category) fail('disability', 'disabilityCategory', `"${categoryText}" is not a disability category (${Object.values(DISABILITY_LABELS).join('、')})`, 'not_allowed', { value: categoryText });
    const gradeText = text('disabilityGrade');
    const grade = gradeText ? (GRADES[gradeText] ?? (/^[1-4]$/.test(gradeText) ? Number(gradeText) : undefined)) : undefined;
    if (gradeText && grade === undefined) fail('disability.grade', 'disabilityGrade', `"${gradeText}" is not a grade from 1 to 4`, 'not_allowed', { value: gradeText });
    if (!categoryText !== !gradeText) {
      fail('disability', categoryText ? 'disabilityGrade' : 'disabilityCategory', 'give both the category and the grade', 'required');
    }
    const hardshipText = text('hardship');
    const hardship = hardshipText ? enumValue(hardshipText, HARDSHIP_KINDS, HARDSHIP_LABELS, HARDSHIP_ALIASES) : undefined;
    if (hardshipText && !hardship) fail('hardship', 'hardship', `"${hardshipText}" is not a hardship kind (${Object.values(HARDSHIP_LABELS).join('、')})`, 'not_allowed', { value: hardshipText });
    const hukouText = text('hukou');
    const hukou = hukouText ? flag('hukou') : true;
    const birthDate = date('birthDate');
    const awaySince = date('awaySince');
    const migrantWorker = flag('migrantWorker');
    const accompanyingFamily = flag('accompanyingFamily');
    const livingAlone = flag('livingAlone');
    if (problems.length > before) continue;
    rows.push({
      row: rowNumber,
      householdNumber,
      areaCode,
      address: text('address'),
      hukou,
      input: {
        name,
        relation: relation!,
        ...(sex ? { sex } : {}),
        ...(birthDate ? { birthDate } : {}),
        idNumber: text('idNumber') || null,
        phone: text('phone') || null,
        ethnicity: text('ethnicity') || null,
        hukouAreaCode: text('hukouAreaCode') || null,
        residenceStatus: residenceStatus!,
        residencePermitNumber: text('residencePermitNumber') || null,
        awayTo: text('awayTo') || null,
        awaySince: awaySince ?? null,
        migrantWorker,
        accompanyingFamily,
        disability: category && grade ? { category, grade } : null,
        hardship: hardship ?? null,
        livingAlone,
        notes: text('notes') || null,
      },
    });
  }
  return { rows, problems, dataRows };
}

// ---- writing ----

/** The import template (Chinese headers; the XLSX adds what each column takes). */
export function templateFile(format: FileFormat): Promise<FileOut> {
  return spreadsheetTemplate(COLUMNS, '人员', 'persons-template', format);
}

const yesNo = (b: boolean) => (b ? '是' : '否');

export interface ExportHousehold {
  number: string | null;
  address: string;
  hukou: boolean;
}

/** Persons as a spreadsheet with the template's columns, export-only ones around them. */
export async function exportFile(persons: Person[], households: Map<string, ExportHousehold>, format: FileFormat, stamp: string): Promise<FileOut> {
  const rows: Cell[][] = [[EXPORT_ONLY[0], ...COLUMNS.map((c) => c.header), EXPORT_ONLY[1], EXPORT_ONLY[2], EXPORT_ONLY[3]]];
  for (const p of persons) {
    const h = p.householdId ? households.get(p.householdId) : undefined;
    rows.push([
      p.id,
      h?.number ?? p.householdId,
      p.areaCode,
      h?.address ?? null,
      h ? yesNo(h.hukou) : null,
      p.name,
      SEX_LABELS[p.sex],
      p.birthDate,
      p.idNumber,
      p.phone,
      p.ethnicity,
      RELATION_LABELS[p.relation],
      p.hukouAreaCode,
      STATUS_LABELS[p.residenceStatus],
      p.residencePermitNumber,
      p.awayTo,
      p.awaySince,
      yesNo(p.migrantWorker),
      yesNo(p.accompanyingFamily),
      p.disability ? DISABILITY_LABELS[p.disability.category] : null,
      p.disability?.grade ?? null,
      p.hardship ? HARDSHIP_LABELS[p.hardship] : null,
      yesNo(p.livingAlone),
      p.notes,
      p.age,
      p.version,
      yesNo(p.generated),
    ]);
  }
  if (format === 'csv') return { body: toCsv(rows), contentType: CSV_MIME, filename: `persons-${stamp}.csv` };
  return { body: await toXlsx([{ name: '人员', rows }]), contentType: XLSX_MIME, filename: `persons-${stamp}.xlsx` };
}
