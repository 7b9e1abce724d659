import type { ReactNode } from 'react';
import { Tag } from 'antd';

/**
 * Ant Design's preset tag colours put light text on a light tint (about 3.3:1, below WCAG AA).
 * These keep the tint and darken the text to 7:1 or more.
 */
const TONES = {
  blue: { color: '#003a8c', background: '#e6f4ff', borderColor: '#91caff' },
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  orange: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
} as const;

export type Tone = keyof typeof TONES;

export function ColorTag({ tone, children, testId }: { tone: Tone; children: ReactNode; testId?: string }) {
  return (
    <Tag variant="outlined" style={TONES[tone]} data-testid={testId}>
      {children}
    </Tag>
  );
}

export const KIND_TONE: Record<'urban' | 'rural', Tone> = { urban: 'blue', rural: 'green' };
