import type { catalogZhCN } from './zh-CN.ts';

export const catalogEn: typeof catalogZhCN = {
  title: 'Public services',
};
