import type { catalogZhCN } from './zh-CN.ts';

export const catalogZhTW: typeof catalogZhCN = {
  title: '辦事服務',
};
