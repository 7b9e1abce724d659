import type { workersZhCN } from './zh-CN.ts';

export const workersEn: typeof workersZhCN = {
  title: 'Community and social workers',
};
