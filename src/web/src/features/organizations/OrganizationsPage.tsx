import { lazy, useState } from 'react';
import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { FilterSelect, Register, RegisterTitle, useOpenParam, useRegisterList, useSessionFilter } from '../../shared/Register.tsx';
import { OnScreen } from '../indicators/OnScreen.tsx';
import { may } from '../../../../contracts/policy.ts';
import { MANAGEMENT_MODES, ORGANIZATION_NATURES, ORGANIZATION_STATUSES, RATING_GRADES, SERVICE_FIELDS } from '../../../../contracts/organizations.ts';
import type { Organization } from '../../../../contracts/organizations-api.ts';
import { OrganizationDrawer } from './OrganizationDrawer.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { GradeTag, StatusTag } from './parts.tsx';

// The map (and ECharts with it) loads when it is about to be seen, below the register.
const OrganizationMap = lazy(() => import('./OrganizationMap.tsx'));

interface Filter {
  q?: string;
  status?: string;
  management?: string;
  nature?: string;
  field?: string;
  grade?: string;
  area?: string;
}

/** The registry of community social organizations in the user's scope: search, filters, a register, an organization's drawer, import and export. */
export default function OrganizationsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWrite = may(user.role, 'organizations.write');
  const [openId, open] = useOpenParam();
  const [filter, update] = useSessionFilter<Filter>('organizations.filter');
  const [importOpen, setImportOpen] = useState(false);
  const register = useRegisterList<Organization>('/organizations', filter);
  const select = (name: Exclude<keyof Filter, 'q' | 'area'>, values: readonly string[], label: (v: string) => string, testId: string, width = 130) => (
    <FilterSelect
      label={t(`organizations.${name}` as 'organizations.status')}
      value={filter[name]}
      onChange={(v) => update({ [name]: v })}
      options={values.map((v) => ({ value: v, label: label(v) }))}
      allLabel={t('organizations.all')}
      width={width}
      testId={testId}
    />
  );

  return (
    <div>
      <RegisterTitle title={t('organizations.title')} />
      <Register
        record="organization"
        path="/organizations"
        register={register}
        namespace="organizations"
        filter={filter}
        onFilter={update}
        searchMaxLength={50}
        filters={
          <>
            {select('status', ORGANIZATION_STATUSES, (v) => t(`organizations.statuses.${v}` as 'organizations.statuses.active'), 'status-filter')}
            {select('management', MANAGEMENT_MODES, (v) => t(`organizations.managements.${v}` as 'organizations.managements.filed'), 'management-filter', 150)}
            {select('nature', ORGANIZATION_NATURES, (v) => t(`organizations.natures.${v}` as 'organizations.natures.service'), 'nature-filter')}
            {select('field', SERVICE_FIELDS, (v) => t(`organizations.serviceFields.${v}` as 'organizations.serviceFields.elderly'), 'field-filter')}
            {select('grade', RATING_GRADES, (v) => v, 'grade-filter', 100)}
          </>
        }
        canWrite={canWrite}
        onCreate={() => open('new')}
        onImport={() => setImportOpen(true)}
        nameTitle={t('organizations.name')}
        onOpen={open}
        columns={[
          { key: 'status', title: t('organizations.status'), nowrap: true, render: (o) => <StatusTag status={o.status} /> },
          { key: 'management', title: t('organizations.management'), nowrap: true, render: (o) => t(`organizations.managements.${o.management}`) },
          { key: 'nature', title: t('organizations.nature'), nowrap: true, phone: 'hidden', render: (o) => t(`organizations.natures.${o.nature}`) },
          {
            key: 'communities',
            title: t('organizations.communities'),
            render: (o) =>
              o.communities.length > 2
                ? `${o.communities.slice(0, 2).map((c) => c.name ?? c.code).join('、')} …（${o.communities.length}）`
                : o.communities.map((c) => c.name ?? c.code).join('、'),
          },
          { key: 'rating', title: t('organizations.rating'), nowrap: true, render: (o) => (o.rating ? <GradeTag grade={o.rating.grade} /> : t('organizations.none')) },
          { key: 'area', title: t('organizations.registeredIn'), nowrap: true, phone: 'hidden', render: (o) => o.areaName ?? o.areaCode },
          { key: 'tags', title: '', render: (o) => (o.generated ? <Tag>{t('organizations.generated')}</Tag> : null) },
        ]}
      />
      <Card title={<h2 className="card-title">{t('organizations.map.title')}</h2>} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary">{t('organizations.map.hint')}</Typography.Paragraph>
        <OnScreen className="map-box" testId="organization-map">
          <OrganizationMap filter={filter} scope={user.scope} />
        </OnScreen>
      </Card>
      <OrganizationDrawer
        id={openId}
        onClose={() => open(null)}
        onChanged={register.reload}
        onCreated={(id) => {
          register.refresh();
          open(id);
        }}
      />
      {canWrite && <ImportDialog open={importOpen} onClose={() => setImportOpen(false)} onImported={register.refresh} />}
    </div>
  );
}
