import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ColorTag, type Tone } from '../../shared/ColorTag.tsx';
import type { HoursState } from './api.ts';

const STATE_TONE: Record<HoursState, Tone | null> = { claimed: 'orange', verified: 'green', rejected: null };

/** A service record's state, in tones that keep their contrast (ColorTag). */
export function StateTag({ state }: { state: HoursState }) {
  const { t } = useTranslation();
  const tone = STATE_TONE[state];
  return tone ? <ColorTag tone={tone}>{t(`volunteers.states.${state}`)}</ColorTag> : <Tag>{t(`volunteers.states.${state}`)}</Tag>;
}
