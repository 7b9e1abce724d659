import type { workersZhCN } from './zh-CN.ts';

export const workersZhTW: typeof workersZhCN = {
  title: '社區工作者與社工',
};
