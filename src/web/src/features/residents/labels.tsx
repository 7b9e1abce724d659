import type { TFunction } from 'i18next';
import type { ResidenceStatus } from '../../api/residents.ts';
import { ColorTag, type Tone } from '../../shared/ColorTag.tsx';
import { useTranslation } from 'react-i18next';

export const STATUS_TONE: Record<ResidenceStatus, Tone> = { local: 'green', inflow: 'blue', outflow: 'orange' };

export function StatusTag({ status }: { status: ResidenceStatus }) {
  const { t } = useTranslation();
  return <ColorTag tone={STATUS_TONE[status]}>{t(`residenceStatus.${status}`)}</ColorTag>;
}

interface KinFacts {
  residenceStatus?: ResidenceStatus;
  migrantWorker?: boolean;
  disabilityGrade?: number | null;
  awaySince?: string | null;
}

/** A left-behind finding's facts in words: who is where (the rules' inputs, without names). */
export function factsText(t: TFunction, facts: unknown, date: (iso: string) => string): string {
  if (!facts || typeof facts !== 'object') return '';
  const f = facts as { birthDate?: string; parents?: KinFacts[]; children?: KinFacts[]; husband?: KinFacts };
  const kin = (k: KinFacts) => {
    const parts = [k.residenceStatus ? t(`residenceStatus.${k.residenceStatus}`) : t('leftBehind.unknown')];
    if (k.migrantWorker) parts.push(t('leftBehind.migrantWorker'));
    if (k.disabilityGrade) parts.push(t('leftBehind.disabilityGrade', { grade: k.disabilityGrade }));
    if (k.awaySince) parts.push(t('leftBehind.awaySince', { date: date(k.awaySince) }));
    return parts.join(t('leftBehind.listSeparator'));
  };
  const out: string[] = [];
  if (f.birthDate) out.push(t('leftBehind.factBirth', { date: date(f.birthDate) }));
  if (f.parents) out.push(t('leftBehind.factParents', { list: f.parents.map(kin).join(t('leftBehind.groupSeparator')) || t('common.none') }));
  if (f.children) out.push(t('leftBehind.factChildren', { list: f.children.map(kin).join(t('leftBehind.groupSeparator')) || t('common.none') }));
  if (f.husband) out.push(t('leftBehind.factHusband', { list: kin(f.husband) }));
  return out.join(t('leftBehind.sentenceSeparator'));
}
