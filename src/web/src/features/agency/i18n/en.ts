import type { agencyZhCN } from './zh-CN.ts';

export const agencyEn: typeof agencyZhCN = {
  title: 'Full-process agency',
};
