import type { organizationsZhCN } from './zh-CN.ts';

export const organizationsZhTW: typeof organizationsZhCN = {
  title: '社區社會組織',
};
