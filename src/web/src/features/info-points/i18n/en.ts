import type { infoPointsZhCN } from './zh-CN.ts';

export const infoPointsEn: typeof infoPointsZhCN = {
  title: 'Information point',
  none: 'You run no village information point yet. Ask the village (community) staff to register one.',
  choose: 'Choose an information point',
  servedToday_one: '{{count}} service today',
  servedToday_other: '{{count}} services today',
  notOperating: 'The point is not operating: services cannot be recorded now.',
  record: 'Record a service',
  kind: 'Kind of service',
  residentName: 'Resident served (optional)',
  note: 'Note (optional)',
  save: 'Record',
  saved: 'Recorded: {{kind}}',
  todayLog: 'Today’s services',
  emptyLog: 'No service recorded today yet',
  fromRequest: 'from an agency request',
  total_one: '{{count}} in all',
  total_other: '{{count}} in all',
  kinds: {
    payment: 'Payment',
    agency: 'Agency',
    ecommerce: 'Selling online',
    training: 'Training',
    publicWelfare: 'Public information',
  },
  statuses: {
    preparing: 'Preparing',
    operating: 'Operating',
    suspended: 'Suspended',
    closed: 'Closed',
  },
};
