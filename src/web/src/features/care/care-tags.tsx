import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ColorTag, type Tone } from '../../shared/ColorTag.tsx';
import type { CaseSummary } from './care-api.ts';

type Stage = CaseSummary['visitStage'];
type Risk = CaseSummary['riskLevel'];

const STAGE_TONE: Record<Stage, Tone | null> = { scheduled: null, due: 'blue', overdue: 'orange', escalated: 'red' };
export const RISK_TONE: Record<Risk, Tone> = { low: 'green', medium: 'orange', high: 'red' };

/** A risk level's tag, in the shared ColorTag's readable tones. */
export function RiskTag({ level, testId }: { level: Risk; testId?: string }) {
  const { t } = useTranslation();
  return (
    <ColorTag tone={RISK_TONE[level]} testId={testId}>
      {t(`care.risks.${level}`)}
    </ColorTag>
  );
}

/** A visit stage's tag: coloured (readable contrast) for the stages that ask for something. */
export function StageTag({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  const tone = STAGE_TONE[stage];
  return tone ? <ColorTag tone={tone}>{t(`care.stages.${stage}`)}</ColorTag> : <Tag>{t(`care.stages.${stage}`)}</Tag>;
}
