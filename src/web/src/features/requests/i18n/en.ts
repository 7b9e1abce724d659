import type { requestsZhCN } from './zh-CN.ts';

export const requestsEn: typeof requestsZhCN = {
  title: 'Service requests',
};
