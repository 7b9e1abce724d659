import type { TFunction } from 'i18next';
import { ColorTag, type Tone } from '../../shared/ColorTag.tsx';
import type { ClockStanding, FormField, RequestStatus } from '../../api/requests.ts';
import { useTranslation } from 'react-i18next';

const STATUS_TONE: Record<RequestStatus, Tone> = {
  submitted: 'blue',
  accepted: 'blue',
  notAccepted: 'red',
  inProgress: 'blue',
  awaitingSupplement: 'orange',
  decided: 'green',
  delivered: 'green',
  closed: 'green',
  transferred: 'blue',
  withdrawn: 'orange',
  duplicate: 'orange',
};

export function StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation();
  return (
    <ColorTag tone={STATUS_TONE[status]} testId="request-status">
      {t(`requests.status.${status}`)}
    </ColorTag>
  );
}

/** A glyph beside the word, so a time limit's standing never rests on colour alone. */
const STANDING: Record<ClockStanding, { tone: Tone; glyph: string }> = {
  onTime: { tone: 'green', glyph: '✓' },
  warning: { tone: 'orange', glyph: '⚠' },
  overdue: { tone: 'red', glyph: '⛔' },
};

export function StandingTag({ standing }: { standing: ClockStanding }) {
  const { t } = useTranslation();
  const { tone, glyph } = STANDING[standing];
  return (
    <ColorTag tone={tone} testId={`standing-${standing}`}>
      <span aria-hidden="true">{glyph} </span>
      {t(`requests.standing.${standing}`)}
    </ColorTag>
  );
}

interface Labelled {
  label: string;
  labelZhTw?: string | null;
  labelEn?: string | null;
}

/** A catalog label in the user's language, Simplified Chinese when the catalog gives no other. */
export function labelIn(language: string, thing: Labelled): string {
  if (language === 'zh-TW' && thing.labelZhTw) return thing.labelZhTw;
  if (language === 'en' && thing.labelEn) return thing.labelEn;
  return thing.label;
}

export function itemNameIn(language: string, item: { name: string; nameZhTw: string | null; nameEn: string | null }): string {
  return labelIn(language, { label: item.name, labelZhTw: item.nameZhTw, labelEn: item.nameEn });
}

/** A form value as a person reads it: a choice by its label, a list joined. */
export function formValueText(language: string, field: FormField | undefined, value: unknown, t: TFunction): string {
  if (value === null || value === undefined || value === '') return t('common.none');
  const option = (key: string) => {
    const found = field?.options?.find((o) => o.key === key);
    return found ? labelIn(language, found) : key;
  };
  if (Array.isArray(value)) return value.map((v) => option(String(v))).join('、');
  if (field?.type === 'single') return option(String(value));
  return String(value);
}
