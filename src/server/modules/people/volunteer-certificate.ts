import type { Language } from '../../../contracts/language.ts';
import { formatMinutes } from '../../../engine/people/ledger.ts';
import type { ReportDocument } from '../../files/pdf-report.ts';

/** The printable certificate of volunteer service hours (志愿服务时长证明), in the reader's language. */
const TEXT = {
  'zh-CN': {
    title: '志愿服务时长证明',
    name: '志愿者',
    community: '登记社区',
    total: '经核实的服务时长',
    records: '服务记录',
    issued: '出具日期',
    columns: ['服务日期', '服务内容', '时长（时:分）', '核实人'],
    statement: (name: string, hours: string) => `兹证明 ${name} 经核实的志愿服务时长累计为 ${hours}（时:分）。仅计入经组织者核实的服务记录。`,
    none: '暂无经核实的服务记录。',
    generated: '（演示数据，系生成）',
    footer: '邻里 · 社区公共服务综合信息平台',
  },
  'zh-TW': {
    title: '志願服務時數證明',
    name: '志願者',
    community: '登記社區',
    total: '經核實的服務時數',
    records: '服務記錄',
    issued: '出具日期',
    columns: ['服務日期', '服務內容', '時數（時:分）', '核實人'],
    statement: (name: string, hours: string) => `茲證明 ${name} 經核實的志願服務時數累計為 ${hours}（時:分）。僅計入經組織者核實的服務記錄。`,
    none: '暫無經核實的服務記錄。',
    generated: '（示範資料，系生成）',
    footer: '鄰里 · 社區公共服務綜合資訊平台',
  },
  en: {
    title: 'Certificate of volunteer service hours',
    name: 'Volunteer',
    community: 'Registered in',
    total: 'Verified service hours',
    records: 'Service records',
    issued: 'Issued on',
    columns: ['Date', 'Activity', 'Hours (h:mm)', 'Verified by'],
    statement: (name: string, hours: string) => `This certifies that ${name} has served ${hours} (h:mm) of volunteer service verified by its organizers. Only verified records count.`,
    none: 'No verified service records yet.',
    generated: '(generated demo data)',
    footer: 'Linli · community public-service platform',
  },
} as const;

export interface CertificateInput {
  name: string;
  community: string;
  generated: boolean;
  records: { date: string; activity: string; minutes: number; verifiedBy: string | null }[];
  issuedOn: string;
}

export function certificateDocument(input: CertificateInput, language: Language): ReportDocument {
  const t = TEXT[language];
  const total = input.records.reduce((sum, r) => sum + r.minutes, 0);
  const hours = formatMinutes(total);
  return {
    title: t.title,
    subtitle: input.generated ? t.generated : undefined,
    meta: [
      [t.name, input.name],
      [t.community, input.community],
      [t.total, hours],
      [t.issued, input.issuedOn],
    ],
    sections: [
      { heading: t.title, paragraphs: [t.statement(input.name, hours)] },
      input.records.length
        ? {
            heading: t.records,
            table: {
              columns: [{ title: t.columns[0] }, { title: t.columns[1], width: 3 }, { title: t.columns[2], align: 'right' }, { title: t.columns[3] }],
              rows: input.records.map((r) => [r.date, r.activity, formatMinutes(r.minutes), r.verifiedBy ?? '']),
            },
          }
        : { heading: t.records, paragraphs: [t.none] },
    ],
    footer: t.footer,
  };
}
