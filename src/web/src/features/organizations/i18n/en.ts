import type { organizationsZhCN } from './zh-CN.ts';

export const organizationsEn: typeof organizationsZhCN = {
  title: 'Community organizations',
};
