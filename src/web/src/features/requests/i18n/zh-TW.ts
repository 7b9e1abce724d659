import type { requestsZhCN } from './zh-CN.ts';

export const requestsZhTW: typeof requestsZhCN = {
  title: '辦件',
};
