import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, fieldProblems } from '../../api/client.ts';
import type { Page, Role, User } from '../../api/types.ts';
import { ROLES } from '../../../../contracts/roles.ts';
import { useUser } from '../../app/session.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useFormDraft, useSessionState } from '../../shared/form-draft.ts';
import { useApi } from '../../shared/use-api.ts';
import { ColorTag } from '../../shared/ColorTag.tsx';
import { RegisterTable } from '../../shared/RegisterTable.tsx';

interface Filters {
  q: string;
  role: Role | '';
}

interface UserForm {
  username: string;
  displayName: string;
  password?: string;
  role: Role;
  scope: string;
}

/** Which dialog is open survives a trip to the login page, like the typed input. */
type Dialog = { kind: 'create' } | { kind: 'edit'; id: string } | null;

const PAGE_SIZE = 20;

export default function UsersPage() {
  const { t } = useTranslation();
  const me = useUser();
  const format = useFormat();
  const { message } = App.useApp();
  const [filters, setFilters] = useSessionState<Filters>('users.filters', { q: '', role: '' });
  const [search, setSearch] = useState(filters.q);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [dialog, setDialog] = useSessionState<Dialog>('users.dialog', null);
  const [actionError, setActionError] = useState<unknown>(null);
  const cursor = cursors.at(-1) ?? null;

  useEffect(() => {
    document.title = `${t('users.title')} · ${t('app.name')}`;
  }, [t]);

  const list = useApi(
    (signal) => api.get<Page<User>>('/users', { q: filters.q || undefined, role: filters.role || undefined, limit: PAGE_SIZE, cursor }, signal),
    [filters.q, filters.role, cursor],
  );

  const applyFilters = (next: Filters) => {
    setFilters(next);
    setCursors([null]);
  };

  const setLocked = async (user: User, locked: boolean) => {
    setActionError(null);
    try {
      await api.post<User>(`/users/${user.id}/${locked ? 'lock' : 'unlock'}`);
      message.success(t(locked ? 'users.lockedDone' : 'users.unlockedDone', { username: user.username }));
      list.reload();
    } catch (error) {
      setActionError(error);
    }
  };

  const editing = dialog?.kind === 'edit' ? list.data?.items.find((u) => u.id === dialog.id) : undefined;

  return (
    <div>
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.6em' }}>
        {t('users.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={t('users.search')}
          placeholder={t('users.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(q) => applyFilters({ ...filters, q: q.trim() })}
          allowClear
          style={{ width: 260 }}
          enterButton={t('common.search')}
        />
        <Select<Role | ''>
          aria-label={t('users.roleFilter')}
          value={filters.role}
          onChange={(role) => applyFilters({ ...filters, role })}
          style={{ minWidth: 180 }}
          options={[{ value: '', label: t('users.allRoles') }, ...ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))]}
        />
        <Button type="primary" onClick={() => setDialog({ kind: 'create' })} data-testid="create-user">
          {t('users.create')}
        </Button>
      </Space>
      <ErrorAlert error={list.error ?? actionError} onRetry={list.error ? list.reload : undefined} />
      <RegisterTable<User>
        rows={list.data?.items ?? []}
        rowKey={(u) => u.id}
        loading={list.loading}
        label={t('users.title')}
        testId="user-table"
        columns={[
          {
            key: 'username',
            title: t('users.username'),
            phone: 'title',
            nowrap: true,
            render: (u) => (
              <span>
                {u.username} {u.demo && <Tag>{t('users.demo')}</Tag>}
              </span>
            ),
          },
          { key: 'displayName', title: t('users.displayName'), render: (u) => u.displayName },
          { key: 'role', title: t('users.role'), render: (u) => t(`roles.${u.role}`) },
          {
            key: 'scope',
            title: t('layout.scope'),
            render: (u) => (
              <span>
                {u.scopeName ?? ''} <span className="demo-account-meta">{u.scope}</span>
              </span>
            ),
          },
          {
            key: 'status',
            title: t('users.status'),
            render: (u) =>
              u.locked ? (
                <ColorTag tone="red">{t('users.locked')}</ColorTag>
              ) : u.lockedUntil ? (
                <ColorTag tone="orange">{t('users.lockedUntil', { time: format.dateTime(u.lockedUntil) })}</ColorTag>
              ) : (
                <ColorTag tone="green">{t('users.active')}</ColorTag>
              ),
          },
          { key: 'lastLogin', title: t('users.lastLogin'), nowrap: true, render: (u) => (u.lastLoginAt ? format.dateTime(u.lastLoginAt) : t('users.never')) },
        ]}
        actions={{
          title: t('users.actions'),
          render: (u) => (
            <>
              <Button size="small" onClick={() => setDialog({ kind: 'edit', id: u.id })} aria-label={`${t('users.edit')} ${u.username}`}>
                {t('users.edit')}
              </Button>
              {u.id !== me.id &&
                (u.locked ? (
                  <Button size="small" onClick={() => setLocked(u, false)} aria-label={`${t('users.unlock')} ${u.username}`}>
                    {t('users.unlock')}
                  </Button>
                ) : (
                  <Popconfirm title={t('users.lockConfirm', { name: u.displayName })} onConfirm={() => setLocked(u, true)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                    <Button size="small" danger aria-label={`${t('users.lock')} ${u.username}`}>
                      {t('users.lock')}
                    </Button>
                  </Popconfirm>
                ))}
            </>
          ),
        }}
      />
      <Space style={{ marginTop: 12 }} wrap>
        <Typography.Text>{list.data ? t('users.total', { count: list.data.total }) : ''}</Typography.Text>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('common.previous')}
        </Button>
        <Typography.Text>{t('common.page', { page: cursors.length })}</Typography.Text>
        <Button disabled={!list.data?.nextCursor} onClick={() => setCursors([...cursors, list.data!.nextCursor])}>
          {t('common.next')}
        </Button>
      </Space>
      {dialog?.kind === 'create' && (
        <UserDialog
          draftKey="users.create"
          onClose={() => setDialog(null)}
          onSaved={(user) => {
            message.success(t('users.created', { username: user.username }));
            setDialog(null);
            list.reload();
          }}
          defaults={{ role: 'resident', scope: me.scope }}
        />
      )}
      {dialog?.kind === 'edit' && editing && (
        <UserDialog
          draftKey={`users.edit.${editing.id}`}
          user={editing}
          onClose={() => setDialog(null)}
          onSaved={() => {
            message.success(t('users.saved'));
            setDialog(null);
            list.reload();
          }}
          defaults={{ displayName: editing.displayName, role: editing.role, scope: editing.scope }}
        />
      )}
    </div>
  );
}

function UserDialog({
  draftKey,
  user,
  defaults,
  onClose,
  onSaved,
}: {
  draftKey: string;
  user?: User;
  defaults: Partial<UserForm>;
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UserForm>();
  const draft = useFormDraft<UserForm>(draftKey, form);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    form.setFieldsValue(defaults as UserForm);
    draft.restore();
    // once, when the dialog opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = async (values: UserForm) => {
    setSaving(true);
    setError(null);
    try {
      const saved = user
        ? await api.patch<User>(`/users/${user.id}`, {
            version: user.version,
            ...(values.displayName !== user.displayName ? { displayName: values.displayName } : {}),
            ...(values.role !== user.role ? { role: values.role } : {}),
            ...(values.scope !== user.scope ? { scope: values.scope } : {}),
            ...(values.password ? { password: values.password } : {}),
          })
        : await api.post<User>('/users', values);
      draft.clear();
      onSaved(saved);
    } catch (failure) {
      // A password the policy refuses gets its reason, not only the field's name.
      const refused = fieldProblems(failure).find((p) => p.field === 'password' && ['too_short', 'too_long', 'weak_password'].includes(p.code));
      setError(refused ? t(`users.passwordRefused.${refused.code}` as 'users.passwordRefused.weak_password') : apiErrorMessage(t, failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={user ? `${t('users.edit')} · ${user.username}` : t('users.create')}
      onCancel={() => {
        draft.clear();
        onClose();
      }}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      destroyOnHidden
    >
      {draft.restored && <Typography.Paragraph type="secondary">{t('users.draftRestored')}</Typography.Paragraph>}
      {error && <ErrorText text={error} />}
      <Form<UserForm> form={form} layout="vertical" onFinish={submit} onValuesChange={draft.save} requiredMark="optional" data-testid="user-form">
        {!user && (
          <Form.Item name="username" label={t('users.username')} extra={t('users.usernameHint')} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, message: t('users.usernameHint') }]}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? t('users.newPassword') : t('users.password')}
          extra={t('users.passwordHint')}
          rules={[{ required: !user, min: 8, max: 256, message: t('users.passwordHint') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select aria-label={t('users.role')} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="scope" label={t('users.scope')} extra={t('users.scopeHint')} rules={[{ required: true, pattern: /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, message: t('users.scopeHint') }]}>
          <Input inputMode="numeric" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ErrorText({ text }: { text: string }) {
  return (
    <div role="alert" className="form-error" data-testid="form-error">
      {text}
    </div>
  );
}
