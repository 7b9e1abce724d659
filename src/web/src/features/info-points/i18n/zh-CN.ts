// The information point pages' messages in Simplified Chinese (the source); zh-TW.ts and en.ts have
// the same keys, checked by the type of the app catalogs, which hold them under `infoPoints`.
export const infoPointsZhCN = {
  title: '信息服务站',
  none: '您还没有负责的益农信息社（信息服务站）。请联系村（社区）工作人员登记。',
  choose: '选择信息服务站',
  servedToday_one: '今天已服务 {{count}} 次',
  servedToday_other: '今天已服务 {{count}} 次',
  notOperating: '站点目前未运营，暂不能登记服务。',
  record: '登记一次服务',
  kind: '服务类别',
  residentName: '服务对象姓名（可不填）',
  note: '备注（可不填）',
  save: '登记',
  saved: '已登记：{{kind}}',
  todayLog: '今天的服务记录',
  emptyLog: '今天还没有服务记录',
  fromRequest: '代办申请自动记入',
  total_one: '共 {{count}} 条',
  total_other: '共 {{count}} 条',
  kinds: {
    payment: '代缴费',
    agency: '代办',
    ecommerce: '电商',
    training: '培训',
    publicWelfare: '公益信息',
  },
  statuses: {
    preparing: '筹备中',
    operating: '运营中',
    suspended: '暂停',
    closed: '已关闭',
  },
};
