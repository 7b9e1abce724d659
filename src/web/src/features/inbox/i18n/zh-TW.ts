import type { inboxZhCN } from './zh-CN.ts';

export const inboxZhTW: typeof inboxZhCN = {
  title: '訊息',
};
