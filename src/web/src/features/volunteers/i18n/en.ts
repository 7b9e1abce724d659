import type { volunteersZhCN } from './zh-CN.ts';

export const volunteersEn: typeof volunteersZhCN = {
  title: 'Volunteering and time bank',
};
