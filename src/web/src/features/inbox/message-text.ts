import type { TFunction } from 'i18next';
import type { Notification } from './inbox-api.ts';

/** A message in the reader's language, from its kind and parameters (the server sends no sentences). */
export function messageText(t: TFunction, m: Notification): string {
  const p = m.params;
  const status = (s: string | undefined) => (s ? t(`requests.status.${s}`, { defaultValue: s }) : '');
  const step = p.step ? t(`agency.steps.${p.step}`, { defaultValue: p.step }) : '';
  return t(`inbox.kinds.${m.kind}`, {
    item: p.itemName ?? p.itemCode ?? '',
    number: p.requestNumber ?? '',
    to: status(p.to),
    from: status(p.from),
    step,
    principal: p.principalName ?? '',
    due: p.dueAt ?? '',
    interpolation: { escapeValue: false },
  });
}
