import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Descriptions, Empty, Input, InputNumber, List, Rate, Select, Space, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { may } from '../../../../contracts/policy.ts';
import type { Role } from '../../../../contracts/roles.ts';
import { PAPER_FORM_RECORDERS, RATER_KINDS, type RaterKind } from '../../../../contracts/linkage-delivery.ts';
import type { EvaluationRound } from '../../../../contracts/linkage-delivery-api.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { deliveryApi, refusalMessage } from './delivery-api.ts';
import './linkage.css';

/** The kind a role answers as when it opens a round without a queue entry naming one. */
const KIND_OF: Partial<Record<Role, RaterKind>> = { resident: 'residents', communityWorker: 'committee', official: 'funder', evaluator: 'evaluator' };

/**
 * Evaluation (监督评估): the caller's queue of rounds to answer, and one round's form — a
 * participating resident's 1–5 rating (one per participant), the community committee's, the
 * funder's and the independent evaluator's 0–100 score — with the round's state, and once closed
 * its final score and grade. Those who manage rounds (admin, the funder's office) close them here.
 */
export default function EvaluationsPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('linkageDelivery.evaluation.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <div className="linkage-page" data-testid="evaluations-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('linkageDelivery.evaluation.title')}
      </Typography.Title>
      {id ? <RoundForm id={id} /> : <Queue />}
    </div>
  );
}

function Queue() {
  const { t } = useTranslation();
  const queue = useApi((signal) => deliveryApi.evaluationQueue(signal), []);
  if (queue.loading && !queue.data) return <PageSpinner />;
  const items = queue.data?.items ?? [];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('linkageDelivery.evaluation.intro')}</Typography.Paragraph>
      <ErrorAlert error={queue.error} onRetry={queue.reload} />
      <Typography.Title level={2} style={{ fontSize: '1.2em' }}>
        {t('linkageDelivery.evaluation.queue')}
      </Typography.Title>
      {queue.data && items.length === 0 && <Empty description={t('linkageDelivery.evaluation.empty')} />}
      <List
        data-testid="evaluation-queue"
        dataSource={items}
        renderItem={(q) => (
          <List.Item>
            <Space wrap>
              <Link to={`/linkage/evaluations/${q.roundId}?as=${q.raterKind}`}>{q.projectTitle}</Link>
              <span>{q.roundTitle}</span>
              <Tag>{t(`linkageDelivery.raterKinds.${q.raterKind}`)}</Tag>
            </Space>
          </List.Item>
        )}
      />
    </>
  );
}

function RoundForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const user = useUser();
  const [params] = useSearchParams();
  const round = useApi((signal) => deliveryApi.round(id, signal), [id]);
  const asParam = params.get('as');
  const kind: RaterKind | undefined = (RATER_KINDS as readonly string[]).includes(asParam ?? '') ? (asParam as RaterKind) : KIND_OF[user.role];
  const [rating, setRating] = useState(0);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const r: EvaluationRound | undefined = round.data;

  async function act(run: () => Promise<unknown>, done: string) {
    setSending(true);
    try {
      await run();
      void message.success(done);
      round.reload();
    } catch (failure) {
      void message.error(refusalMessage(t, failure));
    } finally {
      setSending(false);
    }
  }

  if (!r) return round.error ? <ErrorAlert error={round.error} onRetry={round.reload} /> : <PageSpinner />;
  const answered = kind ? r.respondedAs.includes(kind) : false;
  const inTemplate = kind ? r.template.some((x) => x.kind === kind) : false;
  const send = () =>
    act(
      () => deliveryApi.respond(id, kind === 'residents' ? { raterKind: kind, rating, comment: comment.trim() || null } : { raterKind: kind!, score: score ?? 0, comment: comment.trim() || null }),
      t('linkageDelivery.evaluation.submitted'),
    );
  return (
    <div data-testid="evaluation-round">
      <Typography.Title level={2} style={{ fontSize: '1.3em' }}>
        {r.projectTitle} · {r.title} <ColorTag tone={r.status === 'open' ? 'blue' : 'green'}>{t(`linkageDelivery.roundStatuses.${r.status}`)}</ColorTag>
      </Typography.Title>
      {r.finalScore !== null && r.grade && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="evaluation-result">
          <Typography.Text strong style={{ fontSize: '1.2em' }}>
            {t('linkageDelivery.evaluation.result', { score: r.finalScore, grade: t(`linkageDelivery.grades.${r.grade}`) })}
          </Typography.Text>
          {r.creditRecorded && <div>{t('linkageDelivery.evaluation.creditRecorded')}</div>}
        </Card>
      )}
      {r.status === 'open' && kind && inTemplate && !answered && (
        <Card size="small" title={t('linkageDelivery.evaluation.as', { kind: t(`linkageDelivery.raterKinds.${kind}`) })} style={{ marginBottom: 12 }}>
          {kind === 'residents' ? (
            <>
              <Typography.Paragraph id="evaluation-rating-label">{t('linkageDelivery.evaluation.rating')}</Typography.Paragraph>
              <Rate value={rating} onChange={setRating} aria-labelledby="evaluation-rating-label" style={{ fontSize: 32 }} data-testid="evaluation-rating" />
            </>
          ) : (
            <div className="linkage-row">
              <label htmlFor="evaluation-score">{t('linkageDelivery.evaluation.score')}</label>
              <InputNumber id="evaluation-score" min={0} max={100} value={score} onChange={setScore} data-testid="evaluation-score" />
            </div>
          )}
          <Input.TextArea
            rows={3}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder={t('linkageDelivery.evaluation.comment')}
            aria-label={t('linkageDelivery.evaluation.comment')}
            style={{ marginTop: 8 }}
          />
          <Button
            type="primary"
            block
            size="large"
            style={{ marginTop: 8 }}
            loading={sending}
            disabled={kind === 'residents' ? rating < 1 : score === null}
            onClick={() => void send()}
            data-testid="evaluation-submit"
          >
            {t('linkageDelivery.evaluation.submit')}
          </Button>
        </Card>
      )}
      {r.status === 'open' && (PAPER_FORM_RECORDERS as readonly Role[]).includes(user.role) && r.template.some((x) => x.kind === 'residents') && <PaperForm round={r} onSent={round.reload} />}
      {answered && (
        <Typography.Paragraph data-testid="evaluation-answered">
          <ColorTag tone="green">{t('linkageDelivery.evaluation.answered')}</ColorTag>
        </Typography.Paragraph>
      )}
      <Descriptions size="small" column={1} title={t('linkageDelivery.evaluation.raters')} bordered data-testid="evaluation-raters">
        {r.raters.map((x) => (
          <Descriptions.Item key={x.kind} label={`${t(`linkageDelivery.raterKinds.${x.kind}`)}（${t('linkageDelivery.evaluation.weightOf', { weight: x.weight })}）`}>
            {x.responses > 0 ? t('linkageDelivery.evaluation.responses', { count: x.responses, mean: x.mean === null ? '-' : Math.round(x.mean * 10) / 10 }) : t('linkageDelivery.evaluation.noResponses')}
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('linkageDelivery.evaluation.participants', { count: r.participants })}
      </Typography.Paragraph>
      {may(user.role, 'linkageEvaluations.manage') && r.status === 'open' && (
        <Space wrap>
          <Button type="primary" disabled={r.missing.length > 0} loading={sending} onClick={() => void act(() => deliveryApi.closeRound(id, r.version), t('linkageDelivery.evaluation.closed'))} data-testid="evaluation-close">
            {t('linkageDelivery.evaluation.close')}
          </Button>
          {r.missing.length > 0 && <span>{t('linkageDelivery.delivery.missing', { kinds: r.missing.map((k) => t(`linkageDelivery.raterKinds.${k}`)).join('、') })}</span>}
        </Space>
      )}
      {may(user.role, 'linkageDelivery.read') && (
        <div style={{ marginTop: 12 }}>
          <Link to={`/linkage/projects/${r.projectId}/chain`}>{t('linkageDelivery.delivery.chain')}</Link>
        </div>
      )}
    </div>
  );
}

/**
 * A participant's paper form (纸质问卷), recorded by a worker on their behalf: pick the participant
 * (masked names; those who have answered, by any channel, cannot be picked again), their 1–5
 * rating and comment. The server keeps it under the participant, marked as recorded by the worker.
 */
function PaperForm({ round: r, onSent }: { round: EvaluationRound; onSent: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const participants = useApi((signal) => deliveryApi.roundParticipants(r.id, signal), [r.id, r.version]);
  const [personId, setPersonId] = useState<string | undefined>();
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const items = participants.data?.items ?? [];
  async function send() {
    if (!personId) return;
    setSending(true);
    try {
      await deliveryApi.respond(r.id, { raterKind: 'residents', rating, personId, comment: comment.trim() || null });
      void message.success(t('linkageDelivery.evaluation.paperRecorded'));
      setPersonId(undefined);
      setRating(0);
      setComment('');
      participants.reload();
      onSent();
    } catch (failure) {
      void message.error(refusalMessage(t, failure));
    } finally {
      setSending(false);
    }
  }
  return (
    <Card size="small" title={t('linkageDelivery.evaluation.paperForm')} style={{ marginBottom: 12 }} data-testid="paper-form">
      <Typography.Paragraph type="secondary">{t('linkageDelivery.evaluation.paperIntro', { answered: items.filter((p) => p.answered).length, count: items.length })}</Typography.Paragraph>
      <ErrorAlert error={participants.error} onRetry={participants.reload} />
      <label htmlFor="paper-person">{t('linkageDelivery.evaluation.paperPerson')}</label>
      <Select
        id="paper-person"
        showSearch
        optionFilterProp="label"
        value={personId}
        onChange={setPersonId}
        loading={participants.loading}
        style={{ width: '100%', marginBottom: 8 }}
        options={items.map((p) => ({ value: p.personId, label: p.answered ? `${p.name}（${t('linkageDelivery.evaluation.paperAnswered')}）` : p.name, disabled: p.answered }))}
        data-testid="paper-person"
      />
      <Typography.Paragraph id="paper-rating-label" style={{ marginBottom: 4 }}>
        {t('linkageDelivery.evaluation.ratingLabel')}
      </Typography.Paragraph>
      <Rate value={rating} onChange={setRating} aria-labelledby="paper-rating-label" style={{ fontSize: 28 }} data-testid="paper-rating" />
      <Input.TextArea rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('linkageDelivery.evaluation.comment')} aria-label={t('linkageDelivery.evaluation.comment')} style={{ marginTop: 8 }} />
      <Button block style={{ marginTop: 8 }} loading={sending} disabled={!personId || rating < 1} onClick={() => void send()} data-testid="paper-submit">
        {t('linkageDelivery.evaluation.paperSubmit')}
      </Button>
    </Card>
  );
}
