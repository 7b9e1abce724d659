import type { volunteersZhCN } from './zh-CN.ts';

export const volunteersZhTW: typeof volunteersZhCN = {
  title: '志願服務與時間銀行',
};
