import { useEffect, useState } from 'react';
import { Button, Card, Empty, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { familyApi, type FamilyConversation } from './family-api.ts';
import './care-family.css';

/** 家属留言: the worker's conversations with families working away, unread first; open one to read and reply. */
export default function FamilyMessagesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useApi((signal) => familyApi.conversations(signal), []);
  const [open, setOpen] = useState<FamilyConversation | null>(null);
  useEffect(() => {
    document.title = `${t('careFamily.workerTitle')} · ${t('app.name')}`;
  }, [t]);
  const sorted = [...(list.data ?? [])].sort((a, b) => Number(b.unread > 0) - Number(a.unread > 0));
  return (
    <div className="family-page" data-testid="family-messages-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('careFamily.workerTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('careFamily.workerIntro')}
      </Typography.Paragraph>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <PageSpinner />}
      {list.data && list.data.length === 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('careFamily.noConversations')} />
        </Card>
      )}
      <ul className="family-conversations">
        {sorted.map((c) => (
          <li key={`${c.personId}|${c.familyUserId}`}>
            <Card size="small" data-testid="family-conversation">
              <div>{t('careFamily.personInCare', { name: c.personName })}</div>
              <div>{t('careFamily.family', { name: c.familyName })}</div>
              <div className="family-message-meta">
                <time dateTime={c.lastMessageAt}>{format.dateTime(c.lastMessageAt)}</time> {c.unread > 0 && <ColorTag tone="red">{t('careFamily.unread', { count: c.unread })}</ColorTag>}
              </div>
              <Button size="small" disabled={!c.caseId} onClick={() => setOpen(c)} data-testid="family-conversation-open">
                {t('careFamily.messages')}
              </Button>
            </Card>
          </li>
        ))}
      </ul>
      {open?.caseId && <WorkerThread key={`${open.personId}|${open.familyUserId}`} caseId={open.caseId} familyUserId={open.familyUserId} onRead={list.reload} />}
    </div>
  );
}

/** One conversation from the worker's side (a section the case page may render too). */
export function WorkerThread({ caseId, familyUserId, onRead }: { caseId: string; familyUserId: string; onRead?: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const thread = useApi((signal) => familyApi.caseMessages(caseId, familyUserId, signal), [caseId, familyUserId]);
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (thread.data) onRead?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once the thread was read (the server marked it)
  }, [thread.data]);
  const send = async () => {
    setError(null);
    try {
      await familyApi.writeToFamily(caseId, { familyUserId, body });
      setBody('');
      thread.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card title={t('careFamily.messages')} data-testid="family-worker-thread">
      <ErrorAlert error={thread.error} onRetry={thread.reload} />
      <ul className="family-thread">
        {(thread.data ?? []).map((m) => (
          <li key={m.id} className={`family-message${m.direction === 'toFamily' ? ' mine' : ''}`} data-testid="family-message">
            {m.kind === 'videoCallRequest' && m.proposedAt && <strong>{t('careFamily.videoCallRequest', { time: format.dateTime(m.proposedAt) })} </strong>}
            {m.body}
            <span className="family-message-meta">
              {m.author ?? ''} · <time dateTime={m.createdAt}>{format.dateTime(m.createdAt)}</time>
            </span>
          </li>
        ))}
      </ul>
      <div className="family-form">
        <label>
          {t('careFamily.reply')}
          <Input.TextArea value={body} onChange={(e) => setBody(e.target.value)} maxLength={1000} autoSize={{ minRows: 2 }} data-testid="family-reply-body" />
        </label>
        <Button type="primary" disabled={!body.trim()} onClick={() => void send()} data-testid="family-reply">
          {t('careFamily.send')}
        </Button>
        <ErrorAlert error={error} />
      </div>
    </Card>
  );
}
