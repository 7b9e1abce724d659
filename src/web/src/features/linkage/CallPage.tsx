import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { useUser } from '../../app/session.tsx';
import { may } from '../../../../contracts/policy.ts';
import type { BidSummary, Call, Complaint } from '../../../../contracts/linkage-api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useApi } from '../../shared/use-api.ts';
import { cents, linkageApi, linkageRefusal, yuan } from './linkage-api.ts';
import './linkage.css';
import { chinaToday } from '../../shared/china-day.ts';

const NEXT: Partial<Record<Call['status'], { to: string; label: string }>> = {
  draft: { to: 'open', label: 'open' },
  open: { to: 'evaluation', label: 'toEvaluation' },
  evaluation: { to: 'notice', label: 'toNotice' },
};

/** One call: periods, criteria, enquiries, bids and result, complaints; the community's, a bidder's and a complainant's actions. */
export default function CallPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const user = useUser();
  const call = useApi((signal) => linkageApi.call(id, signal), [id]);
  const [bidding, setBidding] = useState(false);
  const [contracting, setContracting] = useState(false);
  const [text, setText] = useState('');
  const c = call.data;
  const manage = may(user.role, 'calls.manage');

  useEffect(() => {
    document.title = `${c?.projectTitle ?? t('linkage.calls.title')} · ${t('app.name')}`;
  }, [t, c?.projectTitle]);

  async function act(run: () => Promise<unknown>) {
    try {
      await run();
      call.reload();
    } catch (failure) {
      void message.error(apiErrorMessage(t, failure));
    }
  }

  if (!c) return call.error ? <ErrorAlert error={call.error} onRetry={call.reload} /> : <PageSpinner />;
  const next = NEXT[c.status];
  const sealed = c.bids.every((b) => b.score === null);
  return (
    <div className="linkage-page" data-testid="call-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {c.projectTitle}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <ColorTag tone="blue" testId="call-status">
          {t(`linkage.callStatuses.${c.status}`)}
        </ColorTag>
        <Tag>{t(`linkage.calls.modes.${c.mode}`)}</Tag>
        {manage && next && (
          <Button type="primary" onClick={() => void act(() => linkageApi.transition(id, next.to, c.version))} data-testid="call-next">
            {t(`linkage.calls.${next.label}` as 'linkage.calls.open')}
          </Button>
        )}
        {user.role === 'organizationMember' && c.status === 'open' && !c.myBidId && c.invitedMe !== false && (
          <Button type="primary" onClick={() => setBidding(true)} data-testid="call-bid">
            {t('linkage.calls.bid')}
          </Button>
        )}
        {user.role === 'evaluator' && c.panel.length > 0 && (
          <Button href={`/linkage/scoring/${id}`} data-testid="call-scoring">
            {t('linkage.scoring.title')}
          </Button>
        )}
        {may(user.role, 'calls.award') && c.status === 'awarded' && !c.contractId && (
          <Button type="primary" onClick={() => setContracting(true)} data-testid="call-contract">
            {t('linkage.calls.contract')}
          </Button>
        )}
      </Space>
      {c.invitedMe === false && <Alert type="warning" showIcon role="alert" title={t('linkage.calls.notInvited')} data-testid="call-not-invited" style={{ marginBottom: 12 }} />}
      {c.invitedMe === true && c.status === 'open' && !c.myBidId && <Alert type="success" showIcon title={t('linkage.calls.invitedYou')} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('linkage.calls.budget')}>{yuan(c.budgetCents)}</Descriptions.Item>
          <Descriptions.Item label={t('linkage.calls.questionsUntil')}>{new Date(c.questionsUntil).toLocaleString()}</Descriptions.Item>
          <Descriptions.Item label={t('linkage.calls.deadline')}>{new Date(c.submissionDeadline).toLocaleString()}</Descriptions.Item>
          <Descriptions.Item label={t('linkage.calls.evaluationUntil')}>{new Date(c.evaluationUntil).toLocaleString()}</Descriptions.Item>
          <Descriptions.Item label={t('linkage.calls.noticeUntil')}>{new Date(c.noticeUntil).toLocaleString()}</Descriptions.Item>
          <Descriptions.Item label={t('linkage.calls.criteria')}>{c.criteria.map((x) => `${x.name} ${x.weight}%`).join('；')}</Descriptions.Item>
          {c.mode === 'invitation' && (
            <Descriptions.Item label={t('linkage.calls.invited')}>
              <span data-testid="call-invited">
                {c.invited.map((o) => (
                  <Tag key={o.id}>{o.name}</Tag>
                ))}
              </span>
            </Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Text type="secondary">
          {t('linkage.calls.requirements', {
            statuses: c.requirements.statuses.map((s) => t(`organizations.statuses.${s}`)).join('/'),
            grade: c.requirements.minimumGrade ?? '—',
            count: c.requirements.socialWorkers,
          })}
        </Typography.Text>
      </Card>
      <Card size="small" title={t('linkage.calls.bids')} style={{ marginBottom: 12 }} extra={sealed ? t('linkage.calls.sealed') : null}>
        <Table<BidSummary>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={c.bids}
          columns={[
            { title: t('organizations.name'), render: (_, b) => b.organization.name },
            { title: t('linkage.calls.proposalTitle'), dataIndex: 'proposalTitle' },
            { title: t('linkage.calls.bidBudget'), render: (_, b) => yuan(b.budgetCents) },
            { title: t('linkage.calls.score'), render: (_, b) => (b.score === null ? '—' : b.score) },
            { title: t('linkage.calls.rank'), render: (_, b) => b.rank ?? '—' },
            {
              title: '',
              render: (_, b) =>
                may(user.role, 'calls.award') && c.status === 'notice' ? (
                  <Button size="small" onClick={() => void act(() => linkageApi.award(id, b.id, c.version))} data-testid="call-award">
                    {t('linkage.calls.award')}
                  </Button>
                ) : b.id === c.awardedBidId ? (
                  <ColorTag tone="green">{t('linkage.callStatuses.awarded')}</ColorTag>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('linkage.calls.enquiries')} style={{ marginBottom: 12 }}>
        <List
          dataSource={c.enquiries}
          renderItem={(e) => (
            <List.Item>
              <div style={{ width: '100%' }}>
                <div>
                  <strong>{t('linkage.calls.question')}：</strong>
                  {e.question}
                </div>
                {e.answer ? (
                  <div>{e.answer}</div>
                ) : (
                  manage && (
                    <Space.Compact style={{ width: '100%' }}>
                      <Input aria-label={t('linkage.calls.answerIt')} onChange={(ev) => setText(ev.target.value)} />
                      <Button onClick={() => void act(() => linkageApi.answerEnquiry(id, e.id, text))}>{t('linkage.calls.answerIt')}</Button>
                    </Space.Compact>
                  )
                )}
              </div>
            </List.Item>
          )}
        />
        {may(user.role, 'calls.enquire') && c.status === 'open' && <Ask onAsk={(q) => act(() => linkageApi.ask(id, q))} />}
      </Card>
      <Card size="small" title={t('linkage.calls.complaints')} style={{ marginBottom: 12 }}>
        {c.complaints.map((k) => (
          <ComplaintItem key={k.id} complaint={k} handle={may(user.role, 'complaints.handle')} onChange={call.reload} />
        ))}
        {may(user.role, 'complaints.file') && (c.status === 'notice' || c.status === 'awarded') && <Complain onFile={(s, b) => act(() => linkageApi.complain(id, s, b))} />}
      </Card>
      {bidding && <BidDialog call={c} onClose={() => setBidding(false)} onSaved={() => { setBidding(false); void message.success(t('linkage.calls.bidSubmitted')); call.reload(); }} />}
      {contracting && <ContractDialog call={c} onClose={() => setContracting(false)} onSaved={() => { setContracting(false); void message.success(t('linkage.calls.contractSigned')); call.reload(); }} />}
    </div>
  );
}

function Ask({ onAsk }: { onAsk: (q: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  return (
    <Space.Compact style={{ width: '100%', marginTop: 8 }}>
      <Input value={q} onChange={(e) => setQ(e.target.value)} aria-label={t('linkage.calls.question')} placeholder={t('linkage.calls.question')} />
      <Button onClick={() => void onAsk(q).then(() => setQ(''))}>{t('linkage.calls.ask')}</Button>
    </Space.Compact>
  );
}

function Complain({ onFile }: { onFile: (subject: string, body: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  return (
    <div style={{ marginTop: 8 }}>
      <Input value={subject} onChange={(e) => setSubject(e.target.value)} placeholder={t('linkage.calls.subject')} aria-label={t('linkage.calls.subject')} data-testid="complaint-subject" />
      <Input.TextArea value={body} onChange={(e) => setBody(e.target.value)} placeholder={t('linkage.calls.body')} aria-label={t('linkage.calls.body')} rows={2} style={{ marginTop: 4 }} data-testid="complaint-body" />
      <Button style={{ marginTop: 4 }} onClick={() => void onFile(subject, body).then(() => { setSubject(''); setBody(''); })} data-testid="complaint-file">
        {t('linkage.calls.complain')}
      </Button>
    </div>
  );
}

function ComplaintItem({ complaint: k, handle, onChange }: { complaint: Complaint; handle: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [text, setText] = useState('');
  const run = (p: Promise<unknown>) =>
    p.then(onChange, (failure: unknown) => {
      void message.error(apiErrorMessage(t, failure));
    });
  const moves = { submitted: ['answered', 'rejected'], answered: ['resolved', 'rejected'], escalated: ['answered', 'resolved', 'rejected'] } as Record<string, ('answered' | 'resolved' | 'rejected')[]>;
  return (
    <div className="linkage-answer" data-testid="complaint">
      <Tag>{t(`linkage.complaintStates.${k.state}`)}</Tag>
      <strong>{k.subject}</strong>
      <div>{k.body}</div>
      {k.answer && <div>↳ {k.answer}</div>}
      {k.decision && <div>↳ {k.decision}</div>}
      {handle && (moves[k.state] ?? []).length > 0 && (
        <Space wrap style={{ marginTop: 4 }}>
          <Input value={text} onChange={(e) => setText(e.target.value)} aria-label={t('linkage.calls.answerText')} placeholder={t('linkage.calls.answerText')} data-testid="complaint-text" />
          {(moves[k.state] ?? []).map((to) => (
            <Button key={to} size="small" onClick={() => void run(linkageApi.handleComplaint(k.id, to, text, k.version))} data-testid={`complaint-${to}`}>
              {t(`linkage.calls.moveTo.${to}`)}
            </Button>
          ))}
        </Space>
      )}
      {k.mine && ['submitted', 'answered', 'escalated'].includes(k.state) && (
        <Space style={{ marginTop: 4 }}>
          {k.state === 'answered' && <Button size="small" onClick={() => void run(linkageApi.complainant(k.id, 'escalate', k.version))}>{t('linkage.calls.escalate')}</Button>}
          <Button size="small" onClick={() => void run(linkageApi.complainant(k.id, 'withdraw', k.version))}>{t('linkage.calls.withdraw')}</Button>
        </Space>
      )}
    </div>
  );
}

function BidDialog({ call, onClose, onSaved }: { call: Call; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ proposalTitle: string; proposal: string; budget: number; volunteersPlanned: number; team: string[] }>();
  const workers = useApi((signal) => linkageApi.teamCandidates(call.id, signal), [call.id]);
  const [failure, setFailure] = useState<unknown>(null);
  async function submit() {
    const v = await form.validateFields();
    setFailure(null);
    try {
      await linkageApi.bid(call.id, { proposalTitle: v.proposalTitle, proposal: v.proposal, budgetCents: cents(v.budget), volunteersPlanned: v.volunteersPlanned ?? 0, team: (v.team ?? []).map((workerId) => ({ workerId })) });
      onSaved();
    } catch (e) {
      setFailure(e);
    }
  }
  return (
    <Modal open title={`${t('linkage.calls.bid')} · ${call.projectTitle}`} onCancel={onClose} onOk={() => void submit()} okText={t('linkage.calls.submitBid')} okButtonProps={{ 'data-testid': 'bid-submit' } as never}>
      <Form form={form} layout="vertical" initialValues={{ volunteersPlanned: 5, team: [] }}>
        <Form.Item name="proposalTitle" label={t('linkage.calls.proposalTitle')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="bid-title" />
        </Form.Item>
        <Form.Item name="proposal" label={t('linkage.calls.proposal')} rules={[{ required: true }]}>
          <Input.TextArea rows={5} data-testid="bid-proposal" />
        </Form.Item>
        <Form.Item name="budget" label={t('linkage.calls.bidBudget')} rules={[{ required: true }]}>
          <InputNumber min={0} max={call.budgetCents / 100} style={{ width: '100%' }} data-testid="bid-budget" />
        </Form.Item>
        <Form.Item name="volunteersPlanned" label={t('linkage.calls.volunteersPlanned')}>
          <InputNumber min={0} />
        </Form.Item>
        <Form.Item name="team" label={t('linkage.calls.team')}>
          <Checkbox.Group
            className="linkage-needs-pick"
            data-testid="bid-team"
            options={(workers.data ?? []).slice(0, 30).map((w) => ({ value: w.id, label: `${w.name}${w.certified ? `（${t('linkage.calls.certified')}）` : ''}` }))}
          />
        </Form.Item>
      </Form>
      {failure !== null && <Alert type="error" showIcon role="alert" title={linkageRefusal(t, failure)} data-testid="bid-error" />}
    </Modal>
  );
}

function ContractDialog({ call, onClose, onSaved }: { call: Call; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const winner = call.bids.find((b) => b.id === call.awardedBidId);
  const amount = (winner?.budgetCents ?? 0) / 100;
  const today = chinaToday();
  const [form] = Form.useForm<{ amount: number; signedOn: string; startsOn: string; endsOn: string; milestones: { title: string; dueOn: string; amount: number }[] }>();
  const [failure, setFailure] = useState<unknown>(null);
  async function submit() {
    const v = await form.validateFields();
    setFailure(null);
    try {
      await linkageApi.contract(call.id, { amountCents: cents(v.amount), signedOn: v.signedOn, startsOn: v.startsOn, endsOn: v.endsOn, milestones: v.milestones.map((m) => ({ title: m.title, dueOn: m.dueOn, amountCents: cents(m.amount) })) });
      onSaved();
    } catch (e) {
      setFailure(e);
    }
  }
  return (
    <Modal open title={t('linkage.calls.contract')} onCancel={onClose} onOk={() => void submit()} okButtonProps={{ 'data-testid': 'contract-submit' } as never}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ amount, signedOn: today, startsOn: today, endsOn: today, milestones: [{ title: '首付款', dueOn: today, amount: amount / 2 }, { title: '尾款', dueOn: today, amount: amount - amount / 2 }] }}
      >
        <Form.Item name="amount" label={t('linkage.calls.amount')} rules={[{ required: true }]}>
          <InputNumber min={0.01} style={{ width: '100%' }} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="signedOn" label={t('linkage.calls.signedOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="startsOn" label={t('linkage.projects.startsOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="endsOn" label={t('linkage.projects.endsOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Form.List name="milestones">
          {(fields) =>
            fields.map((f) => (
              <Space key={f.key} wrap>
                <Form.Item name={[f.name, 'title']} rules={[{ required: true }]}>
                  <Input aria-label={t('linkage.calls.milestone')} />
                </Form.Item>
                <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true }]}>
                  <Input type="date" aria-label={t('linkage.calls.dueOn')} />
                </Form.Item>
                <Form.Item name={[f.name, 'amount']} rules={[{ required: true }]}>
                  <InputNumber min={0.01} aria-label={t('linkage.calls.amount')} />
                </Form.Item>
              </Space>
            ))
          }
        </Form.List>
      </Form>
      <ErrorAlert error={failure} />
    </Modal>
  );
}
