import type { ReactNode } from 'react';
import { Tooltip } from 'antd';

/**
 * A word whose meaning matters (two population figures that count differently): dotted
 * underline, and its definition in a tooltip on hover, focus or tap.
 */
export function Term({ children, hint, testId }: { children: ReactNode; hint: string; testId?: string }) {
  return (
    <Tooltip title={hint} trigger={['hover', 'focus', 'click']}>
      <span className="term" tabIndex={0} data-testid={testId}>
        {children}
      </span>
    </Tooltip>
  );
}
