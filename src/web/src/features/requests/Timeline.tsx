import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestEvent } from '../../api/requests.ts';
import { useFormat } from '../../i18n/format.ts';

/**
 * The request's history, newest first. The server gives the applicant's side only the public
 * events; staff also see internal ones, marked so.
 */
export function Timeline({ events }: { events: readonly RequestEvent[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const say = t as unknown as (key: string, values?: Record<string, unknown>) => string;
  const sorted = [...events].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <ol className="plain-list request-timeline" aria-label={t('requests.detail.timeline')} data-testid="request-timeline">
      {sorted.map((event) => {
        const reason = typeof event.details?.reason === 'string' ? event.details.reason : null;
        const outcome = typeof event.details?.outcome === 'string' ? event.details.outcome : null;
        return (
          <li key={event.id} className={`request-event request-event-${event.kind}`} data-testid="request-event" data-kind={event.kind}>
            <div className="request-event-head">
              <strong>{say(`requests.event.${event.kind}`, { defaultValue: event.kind })}</strong>
              {outcome && <span> · {say(`requests.outcome.${outcome}`, { defaultValue: outcome })}</span>}
              {event.to && event.from !== event.to && <span className="request-muted"> → {say(`requests.status.${event.to}`, { defaultValue: event.to })}</span>}
              {event.visibility === 'internal' && <Tag style={{ marginLeft: 6 }}>{t('requests.detail.internal')}</Tag>}
            </div>
            <div className="request-muted">
              <time dateTime={event.at}>{format.dateTime(event.at)}</time> · {event.actor ?? t('requests.detail.system')}
            </div>
            {reason && (
              <div>{t('requests.detail.reasonText', { reason })}</div>
            )}
            {event.note && event.note !== reason && <div className="request-event-note">{event.note}</div>}
          </li>
        );
      })}
    </ol>
  );
}
