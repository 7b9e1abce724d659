import type { agencyZhCN } from './zh-CN.ts';

export const agencyZhTW: typeof agencyZhCN = {
  title: '全程代辦',
};
