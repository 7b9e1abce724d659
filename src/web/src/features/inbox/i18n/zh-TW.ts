import type { inboxZhCN } from './zh-CN.ts';

export const inboxZhTW: typeof inboxZhCN = {
  title: '訊息',
  intro: '您申請、代辦或經辦的事項有變化時，會在這裡提醒您。',
  badge: '訊息',
  badgeUnread_one: '{{count}} 則未讀訊息',
  badgeUnread_other: '{{count}} 則未讀訊息',
  unreadOnly: '只看未讀',
  markAllRead: '全部標為已讀',
  markRead: '標為已讀',
  read: '已讀',
  unread: '未讀',
  empty: '暫無訊息',
  more: '載入更多',
  open: '查看辦件',
  kinds: {
    requestStatusChanged: '{{item}}（{{number}}）狀態變為「{{to}}」',
    supplementRequested: '{{item}}（{{number}}）需要補正材料',
    requestWarning: '{{item}}（{{number}}）即將到期',
    requestOverdue: '{{item}}（{{number}}）已超過辦理時限',
    requestEscalated: '{{item}}（{{number}}）已督辦升級',
    requestAssigned: '{{item}}（{{number}}）已分派給您辦理',
    agentLegWarning: '代辦提醒：{{principal}} 的 {{item}} 請在 {{due}} 前完成「{{step}}」',
    agentLegOverdue: '代辦逾時：{{principal}} 的 {{item}} 應在 {{due}} 前完成「{{step}}」',
    custodyStepRecorded: '代辦員已記錄 {{item}}（{{number}}）的「{{step}}」',
    marketShortage: '{{item}}：部分產品短缺，您的訂單已按比例調整',
    marketRoundCancelled: '{{item}} 已取消，您的訂單不會配送',
    marketRoundDelivered: '{{item}} 已送到自取點，取貨後請確認收貨',
    // -- care: cases --
    careVisitOverdue: '關愛走訪逾期：{{principal}}應於{{due}}前走訪',
    careVisitEscalated: '已上報：{{principal}}應於{{due}}前的關愛走訪仍未完成',
    careApprovalRequested: '{{principal}}的關愛個案等待您審批',
    careApprovalDecided: '{{principal}}的審批申請已有結果：{{to}}',
    // -- end care: cases --
  },
  note: '說明：{{note}}',
};
