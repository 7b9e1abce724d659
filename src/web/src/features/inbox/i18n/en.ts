import type { inboxZhCN } from './zh-CN.ts';

export const inboxEn: typeof inboxZhCN = {
  title: 'Messages',
  intro: 'When a request you applied for, carry as an agent or handle changes, you are told here.',
  badge: 'Messages',
  badgeUnread_one: '{{count}} unread message',
  badgeUnread_other: '{{count}} unread messages',
  unreadOnly: 'Unread only',
  markAllRead: 'Mark all read',
  markRead: 'Mark read',
  read: 'Read',
  unread: 'Unread',
  empty: 'No messages',
  more: 'Load more',
  open: 'Open the request',
  kinds: {
    requestStatusChanged: '{{item}} ({{number}}) is now “{{to}}”',
    supplementRequested: '{{item}} ({{number}}) needs missing or corrected materials',
    requestWarning: '{{item}} ({{number}}) is nearing its time limit',
    requestOverdue: '{{item}} ({{number}}) is past its time limit',
    requestEscalated: '{{item}} ({{number}}) was escalated',
    requestAssigned: '{{item}} ({{number}}) was assigned to you',
    agentLegWarning: 'Agency reminder: “{{step}}” of {{item}} for {{principal}} is due by {{due}}',
    agentLegOverdue: 'Agency overdue: “{{step}}” of {{item}} for {{principal}} was due by {{due}}',
    custodyStepRecorded: 'The agent recorded “{{step}}” of {{item}} ({{number}})',
    marketShortage: '{{item}}: some produce fell short; your order got its fair share',
    marketRoundCancelled: '{{item}} was cancelled; your order will not be delivered',
    marketRoundDelivered: '{{item}} reached its pickup points: collect it and confirm receipt',
    // -- care: cases --
    careVisitOverdue: 'Care visit overdue: {{principal}} was due for a visit by {{due}}',
    careVisitEscalated: 'Escalated: the care visit to {{principal}} due by {{due}} is still not made',
    careApprovalRequested: 'A care case of {{principal}} asks for your approval',
    careApprovalDecided: 'Your approval request for {{principal}} was decided: {{to}}',
    // -- end care: cases --
  },
  note: 'Note: {{note}}',
};
