import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Drawer, Empty, Form, Input, Radio, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { v7 as uuidv7 } from 'uuid';
import type { Person } from '../../../../contracts/residents-api.ts';
import { RESIDENCE_STATUSES } from '../../../../contracts/residents.ts';
import { may } from '../../../../contracts/policy.ts';
import type { FieldReference, SyncCommand, SyncPersonField } from '../../../../contracts/sync.ts';
import { RISK_FACTORS, VISIT_MODES, type CaseSummary, type NewVisit, type WorkerDay } from '../../../../contracts/care.ts';
import { useFormat } from '../../i18n/format.ts';
import { useSession } from '../../app/session.tsx';
import { ColorTag, type Tone } from '../../shared/ColorTag.tsx';
import { deriveKey, randomBytes, sealVerifier, verifies } from './crypto.ts';
import * as store from './store.ts';
import { syncApi, syncNow, type FieldPerson, type SyncOutcome } from './sync-client.ts';
import { AttendanceForm, CustodyForm, HoursForm, localToday, NeedForm, photoOf, RequestForm, SupportForm, useItemName, type CustodyTarget, type FieldPhoto, type Saved } from './FieldForms.tsx';
import { toSimplifiedChars } from './traditional.ts';
import './field.css';

const PAGE = 30;
const EDITABLE: readonly SyncPersonField[] = ['residenceStatus', 'awayTo', 'awaySince', 'livingAlone', 'notes'];

type Unlocked = { key: CryptoKey; meta: store.MetaRow };

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/**
 * 离线走访: the field worker's page that works without signal (docs/sync.md). Prepared once
 * online (a PIN, the device registered, the scope downloaded, all sealed on the phone); then
 * unlocked with the PIN, online or not: find a person of one's scope (masked, as online), record
 * what a visit found, see each change's state; it uploads when the phone is online again.
 */
export default function FieldPage() {
  const { t } = useTranslation();
  const { state } = useSession();
  const [meta, setMeta] = useState<store.MetaRow | null | undefined>(undefined);
  const [unlocked, setUnlocked] = useState<Unlocked | null>(null);
  const [notice, setNotice] = useState<{ type: 'success' | 'info' | 'warning' | 'error'; text: string } | null>(null);

  useEffect(() => {
    document.title = `${t('field.title')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    void store.readMeta().then((m) => setMeta(m ?? null));
  }, []);

  const lock = () => setUnlocked(null);
  const wiped = (text: string) => {
    setUnlocked(null);
    setMeta(null);
    setNotice({ type: 'warning', text });
  };

  return (
    <div className="field-page" data-testid="field-page">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('field.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('field.intro')}</Typography.Paragraph>
      {notice && <Alert type={notice.type} showIcon title={notice.text} closable onClose={() => setNotice(null)} data-testid="field-notice" style={{ marginBottom: 12 }} />}
      {meta === undefined ? null : unlocked ? (
        <Workspace unlocked={unlocked} onLock={lock} onWiped={wiped} onNotice={setNotice} />
      ) : meta ? (
        <UnlockForm meta={meta} sessionUserId={state.status === 'authenticated' ? state.user.id : null} onUnlocked={setUnlocked} onWiped={wiped} />
      ) : state.status === 'authenticated' ? (
        may(state.user.role, 'sync.use') ? (
          <SetupForm
            onReady={(u) => {
              setMeta(u.meta);
              setUnlocked(u);
            }}
            onNotice={setNotice}
          />
        ) : (
          <Alert type="info" showIcon title={t('field.setup.notForRole')} />
        )
      ) : (
        <Alert type="info" showIcon title={t('field.setup.needLogin')} action={<Link to="/login?next=%2Ffield">{t('field.setup.login')}</Link>} />
      )}
    </div>
  );
}

function SetupForm({ onReady, onNotice }: { onReady: (u: Unlocked) => void; onNotice: (n: { type: 'success' | 'warning'; text: string }) => void }) {
  const { t } = useTranslation();
  const { state } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (values: { pin: string; pinAgain: string }) => {
    if (state.status !== 'authenticated') return;
    if (!/^\d{6,}$/.test(values.pin)) return setError(t('field.setup.pinShort'));
    if (values.pin !== values.pinAgain) return setError(t('field.setup.pinMismatch'));
    setBusy(true);
    setError(null);
    try {
      const device = await syncApi.registerDevice(navigator.userAgent.includes('Mobile') ? 'Phone' : 'Browser');
      const salt = randomBytes(16);
      const key = await deriveKey(values.pin, salt);
      const user = state.user;
      const meta: store.MetaRow = {
        key: 'device',
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        scope: user.scope,
        deviceId: device.id,
        salt,
        verifier: await sealVerifier(key),
        checkpoint: null,
        lastPullAt: null,
        failedUnlocks: 0,
      };
      await store.writeMeta(meta);
      const outcome = await syncNow(key, meta);
      if (outcome.kind === 'done') onNotice({ type: 'success', text: t('field.outcome.done', { sent: outcome.sent, pulled: outcome.pulled }) });
      onReady({ key, meta: (await store.readMeta())! });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('field.setup.title')} data-testid="field-setup">
      <Typography.Paragraph>{t('field.setup.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="field-setup-error" />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="pin" label={t('field.setup.pin')} rules={[{ required: true, message: t('field.setup.pinShort') }]}>
          <Input.Password inputMode="numeric" autoComplete="new-password" data-testid="field-pin" />
        </Form.Item>
        <Form.Item name="pinAgain" label={t('field.setup.pinAgain')} rules={[{ required: true, message: t('field.setup.pinMismatch') }]}>
          <Input.Password inputMode="numeric" autoComplete="new-password" data-testid="field-pin-again" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block data-testid="field-setup-submit">
          {t('field.setup.start')}
        </Button>
      </Form>
    </Card>
  );
}

function UnlockForm({ meta, sessionUserId, onUnlocked, onWiped }: { meta: store.MetaRow; sessionUserId: string | null; onUnlocked: (u: Unlocked) => void; onWiped: (text: string) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [wrong, setWrong] = useState<number | null>(null);
  const submit = async ({ pin }: { pin: string }) => {
    setBusy(true);
    try {
      const key = await deriveKey(pin, meta.salt);
      if (await verifies(key, meta.verifier)) {
        await store.updateMeta({ failedUnlocks: 0 });
        onUnlocked({ key, meta: { ...meta, failedUnlocks: 0 } });
        return;
      }
      const failed = ((await store.readMeta())?.failedUnlocks ?? 0) + 1;
      if (failed >= store.PIN_ATTEMPTS_MAX) {
        await store.wipe();
        onWiped(t('field.unlock.wiped'));
        return;
      }
      await store.updateMeta({ failedUnlocks: failed });
      setWrong(store.PIN_ATTEMPTS_MAX - failed);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('field.unlock.title')} data-testid="field-unlock">
      <Typography.Paragraph>{t('field.unlock.owner', { name: meta.displayName, username: meta.username })}</Typography.Paragraph>
      {sessionUserId && sessionUserId !== meta.userId && <Alert type="warning" showIcon title={t('field.unlock.otherUser')} style={{ marginBottom: 12 }} />}
      {wrong !== null && <Alert type="error" showIcon title={t('field.unlock.wrong', { left: wrong, max: store.PIN_ATTEMPTS_MAX })} style={{ marginBottom: 12 }} data-testid="field-unlock-wrong" />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="pin" label={t('field.unlock.pin')} rules={[{ required: true }]}>
          <Input.Password inputMode="numeric" autoComplete="current-password" data-testid="field-unlock-pin" />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="field-unlock-submit">
            {t('field.unlock.submit')}
          </Button>
          <Button
            danger
            onClick={async () => {
              await store.wipe();
              onWiped(t('field.unlock.wiped'));
            }}
            data-testid="field-wipe"
          >
            {t('field.unlock.wipe')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

interface OutboxView {
  row: store.OutboxRow;
  entry: store.OutboxEntry;
}

interface AttachmentView {
  row: store.AttachmentRow;
  entry: store.AttachmentEntry;
}

type OtherForm = 'request' | 'custody' | 'hours' | 'need' | 'support' | 'attendance';
const OTHER_FORMS: readonly OtherForm[] = ['request', 'hours', 'need', 'support', 'attendance'];
/** An agent files under mandates and records custody steps; the other forms are not theirs. */
const AGENT_FORMS: readonly OtherForm[] = ['request', 'custody'];
const EMPTY_REFERENCE: FieldReference = { volunteers: [], needs: [], activities: [], items: [], mandates: [], errands: [] };

function Workspace({ unlocked, onLock, onWiped, onNotice }: { unlocked: Unlocked; onLock: () => void; onWiped: (text: string) => void; onNotice: (n: { type: 'success' | 'info' | 'warning' | 'error'; text: string }) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const online = useOnline();
  const { key } = unlocked;
  const [meta, setMeta] = useState(unlocked.meta);
  const [persons, setPersons] = useState<Person[]>([]);
  const [day, setDay] = useState<WorkerDay | null>(null);
  const [visiting, setVisiting] = useState<CaseSummary | null>(null);
  const [outbox, setOutbox] = useState<OutboxView[]>([]);
  const [attachments, setAttachments] = useState<AttachmentView[]>([]);
  const [reference, setReference] = useState<FieldReference>(EMPTY_REFERENCE);
  const [other, setOther] = useState<OtherForm | null>(null);
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState(PAGE);
  const [editing, setEditing] = useState<Person | null>(null);
  const [syncing, setSyncing] = useState(false);
  const asAgent = may(meta.role as Parameters<typeof may>[0], 'agency.custody');
  const itemName = useItemName();

  const reload = useCallback(async () => {
    const [people, rows, current, days, lists, files] = await Promise.all([
      store.readRecords<Person>(key, 'person'),
      store.outboxRows(),
      store.readMeta(),
      store.readRecords<WorkerDay>(key, 'day'),
      store.readRecords<FieldReference>(key, 'reference'),
      store.attachmentRows(),
    ]);
    setDay(days[0] ?? null);
    // A reference saved before a list existed lacks it: the empty list stands in until the next pull.
    setReference({ ...EMPTY_REFERENCE, ...lists[0] });
    setAttachments(await Promise.all(files.map(async (row) => ({ row, entry: await store.openAttachment(key, row) }))));
    people.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    setPersons(people);
    setOutbox(await Promise.all(rows.map(async (row) => ({ row, entry: await store.openEntry(key, row) }))));
    if (current) setMeta(current);
  }, [key]);

  const sync = useCallback(async () => {
    setSyncing(true);
    try {
      const outcome: SyncOutcome = await syncNow(key, meta);
      if (outcome.kind === 'wiped') return onWiped(t('field.outcome.wiped'));
      if (outcome.kind === 'offline') onNotice({ type: 'info', text: t('field.outcome.offline') });
      else if (outcome.kind === 'login') onNotice({ type: 'warning', text: t('field.outcome.login') });
      else if (outcome.conflicts) onNotice({ type: 'warning', text: t('field.outcome.conflicts', { count: outcome.conflicts }) });
      else if (outcome.refused) onNotice({ type: 'error', text: t('field.outcome.refused', { count: outcome.refused }) });
      else onNotice({ type: 'success', text: t('field.outcome.done', { sent: outcome.sent, pulled: outcome.pulled }) });
    } catch (failure) {
      onNotice({ type: 'error', text: (failure as Error).message });
    } finally {
      setSyncing(false);
      await reload();
    }
  }, [key, meta, onNotice, onWiped, reload, t]);

  useEffect(() => {
    void reload();
  }, [reload]);
  // Back online: upload at once.
  useEffect(() => {
    const upload = () => void sync();
    window.addEventListener('online', upload);
    return () => window.removeEventListener('online', upload);
  }, [sync]);

  const stateOf = useMemo(() => {
    const map = new Map<string, store.OutboxState>();
    for (const { row } of outbox) map.set(row.recordKey, row.state);
    return map;
  }, [outbox]);
  const waiting = outbox.filter((o) => store.UNSENT.includes(o.row.state)).length + attachments.filter((a) => a.row.state === 'pending').length;
  // Names as the search reads them: Traditional characters folded to Simplified (张 for 張), the same
  // fold as what is typed, so a name found online by its Traditional form is found offline too.
  const folded = useMemo(() => persons.map((p) => toSimplifiedChars(p.name)), [persons]);
  const found = useMemo(() => {
    const q = query.trim();
    if (!q) return persons;
    // As the registry finds them online: letters are the name's pinyin initials (zsf), anything else part of the name.
    const initials = /^[A-Za-z]+$/.test(q) ? q.toLowerCase() : null;
    const text = toSimplifiedChars(q);
    return persons.filter((p, i) => (initials ? ((p as FieldPerson).initials ?? '').startsWith(initials) : folded[i]!.includes(text)));
  }, [persons, folded, query]);

  // The agent's errands: those the last pull brought, and those filed on this phone under a
  // mandate that the server does not list yet (named by their filing command until it has them).
  const custodyTargets = useMemo((): CustodyTarget[] => {
    const itemOf = (code: string) => {
      const item = reference.items.find((i) => i.code === code);
      return item ? itemName(item) : code;
    };
    const targets: CustodyTarget[] = reference.errands.map((e) => ({
      value: `id:${e.requestId}`,
      label: t('field.custody.errandOption', { name: e.principalName, item: itemOf(e.itemCode), number: e.requestNumber ?? '—' }),
      nextStep: e.nextStep,
      target: { requestId: e.requestId },
    }));
    const listed = new Set(reference.errands.map((e) => e.requestId));
    for (const { row, entry } of outbox) {
      const command = entry.command;
      if (command.kind !== 'serviceRequest.file' || !command.request.mandateId || row.state === 'error') continue;
      const recordId = entry.result?.recordId ?? null;
      if (recordId && listed.has(recordId)) continue;
      const name = reference.mandates.find((m) => m.id === command.request.mandateId)?.principal.name ?? '';
      targets.push({
        value: recordId ? `id:${recordId}` : `ref:${command.idempotencyKey}`,
        label: t('field.custody.filedHere', { name, item: itemOf(command.request.itemCode) }),
        nextStep: null,
        target: recordId ? { requestId: recordId } : { requestRef: command.idempotencyKey },
      });
    }
    return targets;
  }, [reference, outbox, itemName, t]);

  const save = async (person: Person, values: Partial<Record<SyncPersonField, unknown>>) => {
    const fields: Record<string, { base: unknown; value: unknown }> = {};
    for (const field of EDITABLE) {
      const before = (person as unknown as Record<string, unknown>)[field] ?? null;
      const after = values[field] === undefined || values[field] === '' ? null : values[field];
      if (JSON.stringify(before) !== JSON.stringify(after)) fields[field] = { base: before, value: after };
    }
    if (Object.keys(fields).length === 0) {
      onNotice({ type: 'info', text: t('field.edit.nothing') });
      return;
    }
    const command: SyncCommand = {
      id: uuidv7(),
      idempotencyKey: `field-${uuidv7()}`,
      deviceId: meta.deviceId,
      userId: meta.userId,
      createdAt: new Date().toISOString(),
      kind: 'person.update',
      recordId: person.id,
      baseVersion: person.version,
      fields,
    };
    const summary = `${person.name}：${Object.entries(fields)
      .map(([f, e]) => `${t(`field.fields.${f as SyncPersonField}`)} → ${typeof e.value === 'boolean' ? (e.value ? t('common.yes') : t('common.no')) : (e.value ?? '—')}`)
      .join('；')}`;
    await store.addToOutbox(key, { command, summary, result: null }, `person:${person.id}`);
    // The phone shows the change at once; the server decides field by field when it arrives.
    const local = { ...person } as unknown as Record<string, unknown>;
    for (const [f, e] of Object.entries(fields)) local[f] = e.value;
    await store.putRecords(key, 'person', [{ id: person.id, value: local }]);
    setEditing(null);
    onNotice({ type: 'success', text: t('field.edit.saved') });
    await reload();
    if (navigator.onLine) void sync();
  };

  /** Commands of the other forms, in order (with their photos in the attachment queue). */
  const saveOther = async (saved: Saved[]) => {
    for (const s of saved) {
      const command = { id: uuidv7(), idempotencyKey: `field-${uuidv7()}`, deviceId: meta.deviceId, userId: meta.userId, createdAt: new Date().toISOString(), ...s.command } as SyncCommand;
      await store.addToOutbox(key, { command, summary: s.summary, result: null }, s.recordKey);
      for (const photo of s.photos ?? []) await store.addAttachment(key, command.id, { ...photo, error: null });
    }
    setOther(null);
    onNotice({ type: 'success', text: t('field.edit.saved') });
    await reload();
    if (navigator.onLine) void sync();
  };

  const saveVisit = async (item: CaseSummary, visit: NewVisit, photos: FieldPhoto[]) => {
    const command: SyncCommand = {
      id: uuidv7(),
      idempotencyKey: `field-${uuidv7()}`,
      deviceId: meta.deviceId,
      userId: meta.userId,
      createdAt: new Date().toISOString(),
      kind: 'careVisit.record',
      caseId: item.id,
      visit,
    };
    const summary = t('field.visits.summary', { name: item.personName, mode: t(`field.visits.modes.${visit.mode}`) });
    await store.addToOutbox(key, { command, summary, result: null }, `careCase:${item.id}`);
    // Its photos wait in the attachment queue, sealed, until the visit is on the server.
    for (const photo of photos) await store.addAttachment(key, command.id, { ...photo, error: null });
    // The day list shows the visit at once; the next pull brings the schedule the server computes.
    if (day) {
      const next = { ...day, items: day.items.map((c) => (c.id === item.id ? { ...c, lastVisitOn: visit.visitedOn, visitStage: 'scheduled' as const } : c)) };
      await store.putRecords(key, 'day', [{ id: 'today', value: next }]);
    }
    setVisiting(null);
    onNotice({ type: 'success', text: t('field.edit.saved') });
    await reload();
    if (navigator.onLine) void sync();
  };

  return (
    <div data-testid="field-workspace">
      <Card size="small" className="field-status">
        <Space wrap>
          <ColorTag tone={online ? 'green' : 'orange'} testId="field-online">
            {online ? t('field.online') : t('field.offline')}
          </ColorTag>
          <Badge count={waiting} showZero={false} overflowCount={999}>
            <ColorTag tone="blue" testId="field-waiting">{t('field.waiting', { count: waiting })}</ColorTag>
          </Badge>
          <Typography.Text type="secondary" data-testid="field-last-sync">
            {meta.lastPullAt ? t('field.lastSync', { time: format.dateTime(meta.lastPullAt) }) : t('field.neverSynced')}
          </Typography.Text>
        </Space>
        <Space wrap style={{ marginTop: 8 }}>
          <Button type="primary" onClick={() => void sync()} loading={syncing} data-testid="field-sync">
            {syncing ? t('field.syncing') : t('field.syncNow')}
          </Button>
          <Button onClick={onLock} data-testid="field-lock">
            {t('field.lock')}
          </Button>
          {online && <Link to="/sync-conflicts">{t('field.conflicts.title')}</Link>}
        </Space>
      </Card>

      {day && (
        <Card size="small" title={t('field.visits.title')} extra={t('field.visits.due', { due: day.due, overdue: day.overdue })} style={{ marginTop: 12 }} data-testid="field-visits">
          {day.items.length === 0 ? (
            <Typography.Text type="secondary">{t('field.visits.none')}</Typography.Text>
          ) : (
            <ul className="field-list">
              {day.items.map((c) => {
                const st = stateOf.get(`careCase:${c.id}`);
                return (
                  <li key={c.id} className="field-visit" data-testid="field-visit-case">
                    <span className="field-person-name">{c.personName}</span>
                    <span className="field-person-line">
                      {c.areaName} · {t(`field.visits.stage.${c.visitStage}`)} · {c.lastVisitOn ? t('field.visits.lastVisit', { date: c.lastVisitOn }) : t('field.visits.never')}
                    </span>
                    {st && <StateTag state={st} />}
                    <Button size="small" onClick={() => setVisiting(c)} data-testid="field-visit-record">
                      {t('field.visits.record')}
                    </Button>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
      )}

      <Card size="small" title={t('field.other.title')} style={{ marginTop: 12 }} data-testid="field-other">
        <Space wrap>
          {(asAgent ? AGENT_FORMS : OTHER_FORMS).map((f) => (
            <Button key={f} onClick={() => setOther(f)} data-testid={`field-open-${f}`}>
              {t(`field.other.${f}`)}
            </Button>
          ))}
        </Space>
      </Card>

      <Input.Search
        placeholder={t('field.search')}
        aria-label={t('field.search')}
        allowClear
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setShown(PAGE);
        }}
        style={{ margin: '12px 0' }}
        data-testid="field-search"
      />
      <Typography.Text type="secondary">{t('field.persons', { count: found.length })}</Typography.Text>
      {found.length === 0 ? (
        <Empty description={t('field.noPersons')} />
      ) : (
        <ul className="field-list" data-testid="field-persons">
          {found.slice(0, shown).map((p) => {
            const st = stateOf.get(`person:${p.id}`);
            return (
              <li key={p.id}>
                <button type="button" className="field-person" onClick={() => setEditing(p)} data-testid="field-person">
                  <span className="field-person-name">{p.name}</span>
                  <span className="field-person-line">
                    {p.areaName} · {t(`residenceStatus.${p.residenceStatus}`)}
                    {p.awayTo ? ` · ${p.awayTo}` : ''}
                  </span>
                  {p.idNumber && <span className="field-person-line code">{p.idNumber}</span>}
                  {st && <StateTag state={st} />}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {found.length > shown && (
        <Button onClick={() => setShown((n) => n + PAGE)} block>
          {t('field.more')}
        </Button>
      )}

      <Card size="small" title={t('field.outbox.title')} style={{ marginTop: 16 }} data-testid="field-outbox">
        {outbox.length === 0 ? (
          <Typography.Text type="secondary">{t('field.outbox.empty')}</Typography.Text>
        ) : (
          <ul className="field-outbox-list">
            {[...outbox].reverse().map(({ row, entry }) => (
              <li key={row.id} data-testid="field-outbox-entry" data-state={row.state}>
                <StateTag state={row.state} />
                <span>{entry.summary}</span>
                {entry.result?.error && <Typography.Text type="danger"> {entry.result.error.message}</Typography.Text>}
                {attachments
                  .filter((a) => a.row.commandId === row.id)
                  .map((a) => (
                    <span key={a.row.id} className="field-attachment" data-testid="field-attachment" data-state={a.row.state}>
                      <ColorTag tone={ATTACHMENT_TONE[a.row.state]}>{t(`field.attachment.${a.row.state}`)}</ColorTag>
                      {t('field.attachment.photo', { name: a.entry.fileName })}
                      {a.entry.error && <Typography.Text type="danger"> {a.entry.error}</Typography.Text>}
                    </span>
                  ))}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Drawer open={other !== null} onClose={() => setOther(null)} title={other ? t(`field.other.${other}`) : t('field.other.title')} size="default" destroyOnHidden>
        {other === 'request' && <RequestForm persons={persons} reference={reference} asAgent={asAgent} onSave={(s) => saveOther([s])} />}
        {other === 'custody' && <CustodyForm targets={custodyTargets} onSave={(s) => saveOther([s])} />}
        {other === 'hours' && <HoursForm reference={reference} onSave={(s) => saveOther([s])} />}
        {other === 'need' && <NeedForm onSave={(s) => saveOther([s])} />}
        {other === 'support' && <SupportForm persons={persons} reference={reference} onSave={saveOther} />}
        {other === 'attendance' && <AttendanceForm persons={persons} reference={reference} onSave={(s) => saveOther([s])} />}
      </Drawer>
      <Drawer open={visiting !== null} onClose={() => setVisiting(null)} title={visiting ? t('field.visits.formTitle', { name: visiting.personName }) : t('field.visits.record')} size="default" destroyOnHidden>
        {visiting && <VisitForm onSave={(visit, photos) => saveVisit(visiting, visit, photos)} />}
      </Drawer>
      <Drawer open={editing !== null} onClose={() => setEditing(null)} title={editing ? `${t('field.edit.title')} · ${editing.name}` : t('field.edit.title')} size="default" destroyOnHidden>
        {editing && <EditForm person={editing} onSave={(values) => save(editing, values)} />}
      </Drawer>
    </div>
  );
}

const STATE_TONE: Record<store.OutboxState, Tone> = { pending: 'orange', asked: 'orange', sending: 'blue', sent: 'green', awaiting: 'blue', error: 'red', conflict: 'red' };
const ATTACHMENT_TONE: Record<store.AttachmentState, Tone> = { pending: 'orange', sent: 'green', error: 'red' };

function StateTag({ state }: { state: store.OutboxState }) {
  const { t } = useTranslation();
  return (
    <ColorTag tone={STATE_TONE[state]} testId="field-state">
      {t(`field.state.${state}`)}
    </ColorTag>
  );
}

function EditForm({ person, onSave }: { person: Person; onSave: (values: Partial<Record<SyncPersonField, unknown>>) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ residenceStatus: person.residenceStatus, awayTo: person.awayTo ?? '', awaySince: person.awaySince ?? '', livingAlone: person.livingAlone, notes: person.notes ?? '' }}
      onFinish={(values) => onSave(values)}
      data-testid="field-edit"
    >
      <Form.Item name="residenceStatus" label={t('field.edit.residenceStatus')}>
        <Select options={RESIDENCE_STATUSES.map((s) => ({ value: s, label: t(`residenceStatus.${s}`) }))} data-testid="field-edit-residence" />
      </Form.Item>
      <Form.Item name="awayTo" label={t('field.edit.awayTo')}>
        <Input maxLength={100} data-testid="field-edit-away-to" />
      </Form.Item>
      <Form.Item name="awaySince" label={t('field.edit.awaySince')}>
        <Input type="date" data-testid="field-edit-away-since" />
      </Form.Item>
      <Form.Item name="livingAlone" label={t('field.edit.livingAlone')} valuePropName="checked">
        <Switch data-testid="field-edit-alone" />
      </Form.Item>
      <Form.Item name="notes" label={t('field.edit.notes')}>
        <Input.TextArea rows={3} maxLength={500} data-testid="field-edit-notes" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block data-testid="field-edit-save">
        {t('field.edit.save')}
      </Button>
    </Form>
  );
}


/** The visit form: date (not in the future), how, findings per factor (only those looked at), actions, next steps, a photo. */
function VisitForm({ onSave }: { onSave: (visit: NewVisit, photos: FieldPhoto[]) => Promise<void> }) {
  const { t } = useTranslation();
  const [today] = useState(localToday);
  const [photo, setPhoto] = useState<File | null>(null);
  return (
    <Form
      layout="vertical"
      initialValues={{ visitedOn: today, mode: 'home' }}
      onFinish={async (values: Record<string, string | number | undefined>) => {
        const findings: NewVisit['findings'] = {};
        for (const factor of RISK_FACTORS) {
          const rating = values[`rating_${factor}`];
          if (rating === undefined) continue;
          const note = String(values[`note_${factor}`] ?? '').trim();
          findings[factor] = { rating: Number(rating), ...(note ? { note } : {}) };
        }
        const actions = String(values.actions ?? '').trim();
        const nextSteps = String(values.nextSteps ?? '').trim();
        const photos = photo ? [await photoOf(photo, null)] : [];
        return onSave({ visitedOn: String(values.visitedOn), mode: values.mode as NewVisit['mode'], findings, ...(actions ? { actions } : {}), ...(nextSteps ? { nextSteps } : {}) }, photos);
      }}
      data-testid="field-visit-form"
    >
      <Form.Item name="visitedOn" label={t('field.visits.visitedOn')} rules={[{ required: true }]}>
        <Input type="date" max={today} data-testid="field-visit-date" />
      </Form.Item>
      <Form.Item name="mode" label={t('field.visits.mode')}>
        <Radio.Group options={VISIT_MODES.map((m) => ({ value: m, label: t(`field.visits.modes.${m}`) }))} optionType="button" />
      </Form.Item>
      {RISK_FACTORS.map((factor) => (
        <fieldset key={factor} className="field-factor">
          <legend>{t(`field.visits.factors.${factor}`)}</legend>
          <Form.Item name={`rating_${factor}`} noStyle>
            <Radio.Group options={(['0', '1', '2'] as const).map((r) => ({ value: Number(r), label: t(`field.visits.ratings.${r}`) }))} data-testid={`field-visit-${factor}`} />
          </Form.Item>
          <Form.Item name={`note_${factor}`} noStyle>
            <Input size="small" maxLength={200} aria-label={t(`field.visits.factors.${factor}`)} style={{ marginTop: 4 }} />
          </Form.Item>
        </fieldset>
      ))}
      <Form.Item name="actions" label={t('field.visits.actions')}>
        <Input.TextArea rows={2} maxLength={500} data-testid="field-visit-actions" />
      </Form.Item>
      <Form.Item name="nextSteps" label={t('field.visits.nextSteps')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item label={t('field.visits.photo')} extra={t('field.visits.photoHint')}>
        <input type="file" accept="image/jpeg,image/png,image/webp,image/heic" capture="environment" aria-label={t('field.visits.photo')} onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} data-testid="field-visit-photo" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block data-testid="field-visit-save">
        {t('field.visits.save')}
      </Button>
    </Form>
  );
}
