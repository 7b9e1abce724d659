import { useState } from 'react';
import { Alert, Button, Card, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldProblems } from '../../api/client.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { CARE_LIMITS, careApi, TEAM_ROLES, type CareCase, type NewTeamMember, type TeamCandidate, type TeamRole } from './care-api.ts';

/** The team role a newly added account most likely plays on the case, from its account role. */
function roleFor(accountRole: string): TeamRole {
  return accountRole === 'agent' ? 'agent' : accountRole === 'socialWorker' ? 'socialWorker' : 'other';
}

/** A refusal of the team write in the words of what happened: a stale version and a closed case say what to do. */
function Refusal({ error, names, onReload }: { error: unknown; names: string[]; onReload: () => void }) {
  const { t } = useTranslation();
  // A member the server refused (not active staff, no scope over the community, the owner, twice) is named.
  const refused = fieldProblems(error)
    .map((p) => /^team\/(\d+)\/userId$/.exec(p.field)?.[1])
    .filter((i): i is string => i !== undefined)
    .map((i) => names[Number(i)] ?? `#${Number(i) + 1}`);
  if (refused.length > 0) {
    return <Alert type="error" showIcon role="alert" data-testid="care-team-refused" title={t('care.teamEditor.refusedMember', { names: [...new Set(refused)].join('、') })} />;
  }
  if (error instanceof ApiError && error.status === 409) {
    const closed = (error.details as { status?: string } | undefined)?.status === 'closed';
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-testid="care-team-refused"
        title={closed ? t('care.teamEditor.closed') : t('care.teamEditor.stale')}
        action={
          closed ? undefined : (
            <Button size="small" onClick={onReload} data-testid="care-team-reload">
              {t('care.teamEditor.reload')}
            </Button>
          )
        }
      />
    );
  }
  return <ErrorAlert error={error} />;
}

function Editor({ kase, onSaved, onCancel, onReload }: { kase: CareCase; onSaved: (kase: CareCase) => void; onCancel: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const [team, setTeam] = useState<(NewTeamMember & { name: string })[]>(() => kase.team.map((m) => ({ userId: m.userId, role: m.role, name: m.displayName ?? m.userId })));
  const [candidates, setCandidates] = useState<TeamCandidate[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [picked, setPicked] = useState<string | undefined>();
  const [pickedRole, setPickedRole] = useState<TeamRole>('other');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const roleOptions = TEAM_ROLES.map((r) => ({ value: r, label: t(`care.teamRoles.${r}`) }));
  const loadCandidates = async () => {
    if (candidates !== null || loading) return;
    setLoading(true);
    try {
      setCandidates((await careApi.teamCandidates(kase.id)).items);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  };
  const add = () => {
    const who = candidates?.find((c) => c.userId === picked);
    if (!who) return;
    setTeam([...team, { userId: who.userId, role: pickedRole, name: who.name }]);
    setPicked(undefined);
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await careApi.setTeam(kase.id, { version: kase.version, team: team.map(({ userId, role }) => ({ userId, role })) }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const free = (candidates ?? []).filter((c) => !team.some((m) => m.userId === c.userId));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="care-team-editor">
      {team.length === 0 && <Typography.Text type="secondary">{t('care.teamEditor.empty')}</Typography.Text>}
      {team.map((m, i) => (
        <div key={m.userId} className="care-team-row" data-testid="care-team-member-edit">
          <span className="care-team-name">{m.name}</span>
          <Select
            aria-label={t('care.teamEditor.roleOf', { name: m.name })}
            value={m.role}
            options={roleOptions}
            onChange={(role) => setTeam(team.map((x, j) => (j === i ? { ...x, role } : x)))}
            className="care-team-role"
          />
          <Button onClick={() => setTeam(team.filter((_, j) => j !== i))} aria-label={t('care.teamEditor.removeWho', { name: m.name })}>
            {t('care.teamEditor.remove')}
          </Button>
        </div>
      ))}
      {team.length < CARE_LIMITS.teamMax && (
        <div className="care-team-row">
          <Select
            showSearch
            optionFilterProp="label"
            aria-label={t('care.teamEditor.who')}
            placeholder={t('care.teamEditor.who')}
            value={picked}
            onFocus={() => void loadCandidates()}
            onOpenChange={(open) => open && void loadCandidates()}
            loading={loading}
            notFoundContent={loading ? t('care.teamEditor.loading') : t('care.teamEditor.noCandidates')}
            onChange={(userId: string) => {
              setPicked(userId);
              const who = candidates?.find((c) => c.userId === userId);
              if (who) setPickedRole(roleFor(who.role));
            }}
            options={free.map((c) => ({ value: c.userId, label: `${c.name}（${t(`roles.${c.role}`, { defaultValue: c.role })}）` }))}
            className="care-team-who"
            data-testid="care-team-candidate"
          />
          <Select aria-label={t('care.teamEditor.role')} value={pickedRole} options={roleOptions} onChange={setPickedRole} className="care-team-role" data-testid="care-team-new-role" />
          <Button onClick={add} disabled={!picked} data-testid="care-team-add">
            {t('care.teamEditor.add')}
          </Button>
        </div>
      )}
      {error !== null && <Refusal error={error} names={team.map((m) => m.name)} onReload={onReload} />}
      <Space wrap>
        <Button type="primary" onClick={save} loading={busy} data-testid="care-team-save">
          {t('care.teamEditor.save')}
        </Button>
        <Button onClick={onCancel}>{t('care.teamEditor.cancel')}</Button>
      </Space>
    </Space>
  );
}

/**
 * The case's team: its owner and collaborators, each with their part; those whose role may keep
 * the team (`care.work`) edit it here while the case is open (the whole list, with the case's version).
 */
export function CaseTeamCard({ kase, canEdit, onSaved, onReload }: { kase: CareCase; canEdit: boolean; onSaved: (kase: CareCase) => void; onReload: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const editable = canEdit && kase.status === 'open';
  return (
    <Card
      size="small"
      title={t('care.team')}
      data-testid="care-team"
      extra={
        editable && !editing ? (
          <Button size="small" onClick={() => setEditing(true)} data-testid="care-team-edit">
            {t('care.teamEditor.edit')}
          </Button>
        ) : undefined
      }
    >
      <ul className="care-team-list">
        <li>
          <span>{kase.ownerName ?? kase.ownerId}</span> <Tag color="blue">{t('care.teamEditor.owner')}</Tag>
        </li>
        {!editing &&
          kase.team.map((m) => (
            <li key={m.userId} data-testid="care-team-member">
              <span>{m.displayName ?? m.userId}</span> <Tag>{t(`care.teamRoles.${m.role}`)}</Tag>
            </li>
          ))}
      </ul>
      {editing && (
        <Editor
          key={kase.version}
          kase={kase}
          onSaved={(saved) => {
            setEditing(false);
            onSaved(saved);
          }}
          onCancel={() => setEditing(false)}
          onReload={() => {
            setEditing(false);
            onReload();
          }}
        />
      )}
    </Card>
  );
}
