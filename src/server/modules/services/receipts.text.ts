import type { Language } from '../../../contracts/language.ts';
import type { ConfirmationKind, CustodyStep } from '../../../contracts/agency.ts';

/** What the printable receipts say, in each language the platform speaks. */
export interface ReceiptText {
  acceptance: { title: string; subtitle: string; keep: string };
  handBack: { title: string; subtitle: string; keep: string };
  number: string;
  printedAt: string;
  sectionRequest: string;
  sectionMaterials: string;
  sectionCustody: string;
  sectionConfirmation: string;
  fieldColumns: [string, string];
  materialColumns: [string, string, string];
  custodyColumns: [string, string, string, string, string];
  item: string;
  applicant: string;
  community: string;
  channel: string;
  submittedAt: string;
  acceptedAt: string;
  unit: string;
  agent: string;
  committedLimit: string;
  expectedAt: string;
  mandate: string;
  principal: string;
  validity: (from: string, until: string) => string;
  workingDays: (n: number) => string;
  yes: string;
  no: string;
  required: string;
  optional: string;
  none: string;
  channels: Record<string, string>;
  steps: Record<CustodyStep, string>;
  confirmations: Record<ConfirmationKind, string>;
  confirmedBy: string;
  confirmedAt: string;
  confirmation: string;
  late: string;
  footer: string;
}

const zhCN: ReceiptText = {
  acceptance: { title: '受理回执', subtitle: '社区公共服务事项', keep: '请妥善保管本回执，可凭办件编号查询办理进度。' },
  handBack: { title: '代办回执', subtitle: '全程委托代理', keep: '本回执证明代办员已将办理结果及材料交还委托人，请双方留存。' },
  number: '办件编号',
  printedAt: '打印时间',
  sectionRequest: '申请信息',
  sectionMaterials: '已收材料',
  sectionCustody: '材料交接记录',
  sectionConfirmation: '委托人确认',
  fieldColumns: ['项目', '内容'],
  materialColumns: ['材料', '是否必需', '已收取'],
  custodyColumns: ['环节', '时间', '经办人', '交接物品', '备注'],
  item: '服务事项',
  applicant: '申请人',
  community: '所在社区',
  channel: '申请渠道',
  submittedAt: '提交时间',
  acceptedAt: '受理时间',
  unit: '受理单位',
  agent: '代办员',
  committedLimit: '承诺时限',
  expectedAt: '预计办结',
  mandate: '授权委托书',
  principal: '委托人',
  validity: (from, until) => `有效期 ${from} 至 ${until}`,
  workingDays: (n) => `${n} 个工作日`,
  yes: '是',
  no: '否',
  required: '必需',
  optional: '非必需',
  none: '—',
  channels: { online: '网上申请', window: '窗口办理', agent: '代办', phone: '电话' },
  steps: { received: '从居民处接收材料', handedToUnit: '递交办理单位', resultCollected: '领取办理结果', returned: '交还居民' },
  confirmations: { signature: '签字确认', fingerprint: '按手印确认', inPersonWithWitness: '当面确认（有见证人）' },
  confirmedBy: '确认人',
  confirmedAt: '确认时间',
  confirmation: '确认方式',
  late: '（超时）',
  footer: '邻里社区公共服务综合信息平台',
};

const zhTW: ReceiptText = {
  acceptance: { title: '受理回執', subtitle: '社區公共服務事項', keep: '請妥善保管本回執，可憑辦件編號查詢辦理進度。' },
  handBack: { title: '代辦回執', subtitle: '全程委託代理', keep: '本回執證明代辦員已將辦理結果及材料交還委託人，請雙方留存。' },
  number: '辦件編號',
  printedAt: '列印時間',
  sectionRequest: '申請資訊',
  sectionMaterials: '已收材料',
  sectionCustody: '材料交接紀錄',
  sectionConfirmation: '委託人確認',
  fieldColumns: ['項目', '內容'],
  materialColumns: ['材料', '是否必需', '已收取'],
  custodyColumns: ['環節', '時間', '經辦人', '交接物品', '備註'],
  item: '服務事項',
  applicant: '申請人',
  community: '所在社區',
  channel: '申請管道',
  submittedAt: '提交時間',
  acceptedAt: '受理時間',
  unit: '受理單位',
  agent: '代辦員',
  committedLimit: '承諾時限',
  expectedAt: '預計辦結',
  mandate: '授權委託書',
  principal: '委託人',
  validity: (from, until) => `有效期 ${from} 至 ${until}`,
  workingDays: (n) => `${n} 個工作日`,
  yes: '是',
  no: '否',
  required: '必需',
  optional: '非必需',
  none: '—',
  channels: { online: '網上申請', window: '窗口辦理', agent: '代辦', phone: '電話' },
  steps: { received: '從居民處接收材料', handedToUnit: '遞交辦理單位', resultCollected: '領取辦理結果', returned: '交還居民' },
  confirmations: { signature: '簽字確認', fingerprint: '按手印確認', inPersonWithWitness: '當面確認（有見證人）' },
  confirmedBy: '確認人',
  confirmedAt: '確認時間',
  confirmation: '確認方式',
  late: '（逾時）',
  footer: '鄰里社區公共服務綜合資訊平台',
};

const en: ReceiptText = {
  acceptance: { title: 'Acceptance receipt', subtitle: 'Community public service', keep: 'Keep this receipt: the request number lets you follow its progress.' },
  handBack: { title: 'Agency hand-back receipt', subtitle: 'Full-process entrusted agency', keep: 'This receipt records that the agent returned the result and the materials to the principal. Both keep a copy.' },
  number: 'Request number',
  printedAt: 'Printed',
  sectionRequest: 'Request',
  sectionMaterials: 'Materials received',
  sectionCustody: 'Custody of the materials',
  sectionConfirmation: "Principal's confirmation",
  fieldColumns: ['Field', 'Value'],
  materialColumns: ['Material', 'Required', 'Received'],
  custodyColumns: ['Step', 'Time', 'By', 'Items', 'Note'],
  item: 'Service',
  applicant: 'Applicant',
  community: 'Community',
  channel: 'Channel',
  submittedAt: 'Submitted',
  acceptedAt: 'Accepted',
  unit: 'Accepting unit',
  agent: 'Agent',
  committedLimit: 'Committed time limit',
  expectedAt: 'Expected completion',
  mandate: 'Mandate',
  principal: 'Principal',
  validity: (from, until) => `valid ${from} to ${until}`,
  workingDays: (n) => `${n} working day${n === 1 ? '' : 's'}`,
  yes: 'yes',
  no: 'no',
  required: 'required',
  optional: 'optional',
  none: '—',
  channels: { online: 'online', window: 'service window', agent: 'agent', phone: 'phone' },
  steps: { received: 'Received from the resident', handedToUnit: 'Handed to the unit', resultCollected: 'Result collected', returned: 'Returned to the resident' },
  confirmations: { signature: 'signature', fingerprint: 'fingerprint', inPersonWithWitness: 'in person, before a witness' },
  confirmedBy: 'Confirmed by',
  confirmedAt: 'Confirmed at',
  confirmation: 'How',
  late: ' (late)',
  footer: 'Linli community public-service platform',
};

export const RECEIPT_TEXT: Record<Language, ReceiptText> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

/** A timestamp as a receipt prints it: the date and minute in China. */
export function receiptTime(iso: string | null): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Date(time + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
