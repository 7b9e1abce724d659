import { useEffect, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Checkbox, Empty, Input, InputNumber, List, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ColorTag } from '../../shared/ColorTag.tsx';
import type { ScoringSheet } from '../../../../contracts/linkage-api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useApi } from '../../shared/use-api.ts';
import { linkageApi, yuan } from './linkage-api.ts';
import './linkage.css';

/** The evaluator's queue of calls to score, and the scoring sheet of one call (own scores only; others' stay sealed). */
export default function ScoringPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('linkage.scoring.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <div className="linkage-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('linkage.scoring.title')}
      </Typography.Title>
      {id ? <Sheet id={id} /> : <Queue />}
    </div>
  );
}

function Queue() {
  const { t } = useTranslation();
  const queue = useApi((signal) => linkageApi.queue(signal), []);
  if (queue.loading && !queue.data) return <PageSpinner />;
  return (
    <>
      <ErrorAlert error={queue.error} onRetry={queue.reload} />
      {queue.data && queue.data.length === 0 && <Empty description={t('linkage.scoring.empty')} />}
      <List
        data-testid="scoring-queue"
        dataSource={queue.data ?? []}
        renderItem={(q) => (
          <List.Item>
            <Space wrap>
              <Link to={`/linkage/scoring/${q.callId}`}>{q.projectTitle}</Link>
              <Tag>{t(`linkage.callStatuses.${q.status}`)}</Tag>
              <span>{t('linkage.scoring.progress', { done: q.scoredBids, total: q.bids })}</span>
            </Space>
          </List.Item>
        )}
      />
    </>
  );
}

function Sheet({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const sheet = useApi((signal) => linkageApi.sheet(id, signal), [id]);
  const [draft, setDraft] = useState<Record<string, Record<string, number | null>>>({});
  const [conflict, setConflict] = useState(false);
  const [note, setNote] = useState('');
  const s: ScoringSheet | undefined = sheet.data;

  async function run(p: Promise<unknown>, note?: string) {
    try {
      await p;
      if (note) void message.success(note);
      sheet.reload();
    } catch (failure) {
      void message.error(apiErrorMessage(t, failure));
    }
  }

  if (!s) return sheet.error ? <ErrorAlert error={sheet.error} onRetry={sheet.reload} /> : <PageSpinner />;
  return (
    <div data-testid="scoring-sheet">
      <Typography.Title level={2} style={{ fontSize: '1.3em' }}>
        {s.projectTitle} <Tag>{t(`linkage.callStatuses.${s.status}`)}</Tag>
      </Typography.Title>
      {s.declaration === 'pending' ? (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Checkbox checked={conflict} onChange={(e) => setConflict(e.target.checked)}>
            {t('linkage.scoring.declareConflict')}
          </Checkbox>
          {conflict && <Input value={note} onChange={(e) => setNote(e.target.value)} aria-label={t('linkage.scoring.conflictNote')} placeholder={t('linkage.scoring.conflictNote')} />}
          <Button type="primary" style={{ marginTop: 8 }} onClick={() => void run(linkageApi.declare(id, !conflict, note || undefined))} data-testid="scoring-declare">
            {conflict ? t('linkage.scoring.declareConflict') : t('linkage.scoring.declare')}
          </Button>
        </Card>
      ) : (
        <ColorTag tone="green">{t('linkage.scoring.declared')}</ColorTag>
      )}
      <Typography.Paragraph type="secondary">{t('linkage.scoring.range', { max: s.scoreMax })}</Typography.Paragraph>
      <div className="linkage-cards">
        {s.bids.map((b) => {
          const mine = Object.fromEntries(b.myScores.map((x) => [x.criterionId, x.score]));
          const values = { ...mine, ...(draft[b.id] ?? {}) };
          return (
            <Card key={b.id} size="small" title={b.organization.name} data-testid="scoring-bid">
              <strong>{b.proposalTitle}</strong>
              <Typography.Paragraph ellipsis={{ rows: 4, expandable: true }}>{b.proposal}</Typography.Paragraph>
              <div>
                {yuan(b.budgetCents)} · {b.team.map((m) => m.name + (m.certified ? '✓' : '')).join('、')}
              </div>
              {b.conflicted ? (
                <Alert type="warning" showIcon title={t('linkage.scoring.conflicted')} />
              ) : (
                <>
                  {s.criteria.map((c) => (
                    <div key={c.id} className="linkage-row" style={{ marginTop: 6 }}>
                      <label htmlFor={`score-${b.id}-${c.id}`} style={{ flex: '1 1 8em' }}>
                        {c.name}（{c.weight}%）
                      </label>
                      <InputNumber
                        id={`score-${b.id}-${c.id}`}
                        min={0}
                        max={s.scoreMax}
                        value={values[c.id] ?? null}
                        disabled={s.status !== 'evaluation' || s.declaration !== 'noConflict'}
                        onChange={(v) => setDraft((d) => ({ ...d, [b.id]: { ...(d[b.id] ?? {}), [c.id]: v } }))}
                        data-testid="scoring-input"
                      />
                    </div>
                  ))}
                  <Button
                    style={{ marginTop: 8 }}
                    disabled={s.status !== 'evaluation' || s.declaration !== 'noConflict'}
                    onClick={() => void run(linkageApi.score(id, b.id, { scores: s.criteria.map((c) => ({ criterionId: c.id, score: Number(values[c.id] ?? 0) })) }), t('linkage.scoring.saved'))}
                    data-testid="scoring-save"
                  >
                    {t('linkage.scoring.save')}
                  </Button>
                </>
              )}
            </Card>
          );
        })}
      </div>
    </div>
  );
}
