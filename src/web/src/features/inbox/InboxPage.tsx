import { useEffect, useState } from 'react';
import { Button, Card, Empty, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { inboxApi, inboxChanged, type Notification } from './inbox-api.ts';
import { messageText } from './message-text.ts';
import './inbox.css';

const PAGE_SIZE = 30;

/** 消息: a user's messages, newest first; unread ones marked, each read with one tap. Phone first. */
export default function InboxPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [cursor, setCursor] = useState<string | null>(null);
  const [shown, setShown] = useState<Notification[]>([]);
  const [error, setError] = useState<unknown>(null);
  const page = useApi((signal) => inboxApi.list({ unread: unreadOnly || undefined, limit: PAGE_SIZE, cursor }, signal), [unreadOnly, cursor]);

  useEffect(() => {
    document.title = `${t('inbox.title')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    if (page.data) setShown((before) => (cursor ? [...before, ...page.data!.items.filter((i) => !before.some((b) => b.id === i.id))] : page.data!.items));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- appends when a page arrives
  }, [page.data]);

  const replace = (m: Notification) => setShown((list) => list.map((x) => (x.id === m.id ? m : x)));
  const markRead = async (m: Notification) => {
    try {
      replace(await inboxApi.markRead(m.id));
      inboxChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  const markAll = async () => {
    try {
      await inboxApi.markAllRead();
      const now = new Date().toISOString();
      setShown((list) => list.map((x) => ({ ...x, readAt: x.readAt ?? now })));
      inboxChanged();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div className="inbox-page" data-testid="inbox-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('inbox.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('inbox.intro')}
      </Typography.Paragraph>
      <div className="inbox-tools">
        <label>
          <Switch
            checked={unreadOnly}
            onChange={(on) => {
              setCursor(null);
              setUnreadOnly(on);
            }}
            data-testid="inbox-unread-only"
          />{' '}
          {t('inbox.unreadOnly')}
        </label>
        <Button onClick={() => void markAll()} disabled={!shown.some((m) => m.readAt === null)} data-testid="inbox-read-all">
          {t('inbox.markAllRead')}
        </Button>
      </div>
      <ErrorAlert error={page.error ?? error} onRetry={page.reload} />
      {page.loading && shown.length === 0 && <PageSpinner />}
      {page.data && shown.length === 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />
        </Card>
      )}
      <ul className="inbox-list" aria-label={t('inbox.title')}>
        {shown.map((m) => (
          <li key={m.id} className={`inbox-message${m.readAt === null ? ' unread' : ''}`} data-testid="inbox-message" data-kind={m.kind}>
            <span className="inbox-message-text">{messageText(t, m)}</span>
            {m.params.note && <span className="inbox-message-meta">{t('inbox.note', { note: m.params.note })}</span>}
            <span className="inbox-message-meta">
              <time dateTime={m.createdAt}>{format.dateTime(m.createdAt)}</time>
              <span>{m.readAt === null ? <strong>{t('inbox.unread')}</strong> : t('inbox.read')}</span>
              {m.requestId && <Link to={m.kind.startsWith('agent') || m.kind === 'custodyStepRecorded' ? `/agency/errands/${m.requestId}` : `/requests/${m.requestId}`}>{t('inbox.open')}</Link>}
              {m.readAt === null && (
                <Button size="small" onClick={() => void markRead(m)} data-testid="inbox-mark-read">
                  {t('inbox.markRead')}
                </Button>
              )}
            </span>
          </li>
        ))}
      </ul>
      {page.data?.nextCursor && (
        <Button block loading={page.loading} onClick={() => setCursor(page.data!.nextCursor)}>
          {t('inbox.more')}
        </Button>
      )}
    </div>
  );
}
