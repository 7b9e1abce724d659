import type { infoPointsZhCN } from './zh-CN.ts';

export const infoPointsZhTW: typeof infoPointsZhCN = {
  title: '資訊服務站',
  none: '您還沒有負責的益農資訊社（資訊服務站）。請聯繫村（社區）工作人員登記。',
  choose: '選擇資訊服務站',
  servedToday_one: '今天已服務 {{count}} 次',
  servedToday_other: '今天已服務 {{count}} 次',
  notOperating: '站點目前未營運，暫不能登記服務。',
  record: '登記一次服務',
  kind: '服務類別',
  residentName: '服務對象姓名（可不填）',
  note: '備註（可不填）',
  save: '登記',
  saved: '已登記：{{kind}}',
  todayLog: '今天的服務紀錄',
  emptyLog: '今天還沒有服務紀錄',
  fromRequest: '代辦申請自動記入',
  total_one: '共 {{count}} 條',
  total_other: '共 {{count}} 條',
  kinds: {
    payment: '代繳費',
    agency: '代辦',
    ecommerce: '電商',
    training: '培訓',
    publicWelfare: '公益資訊',
  },
  statuses: {
    preparing: '籌備中',
    operating: '營運中',
    suspended: '暫停',
    closed: '已關閉',
  },
};
