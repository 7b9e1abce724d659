import type { inboxZhCN } from './zh-CN.ts';

export const inboxEn: typeof inboxZhCN = {
  title: 'Messages',
};
