import { lazy, useState } from 'react';
import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session.tsx';
import { FilterSelect, Register, RegisterTitle, useOpenParam, useRegisterList, useSessionFilter } from '../../shared/Register.tsx';
import { ImportWizard } from '../facilities/ImportWizard.tsx';
import { OnScreen } from '../indicators/OnScreen.tsx';
import { may } from '../../../../contracts/policy.ts';
import { POST_KINDS, QUALIFICATION_LEVELS, type WorkerFilter } from '../../../../contracts/workers.ts';
import type { Worker } from '../../../../contracts/workers-api.ts';
import { WorkerDrawer } from './WorkerDrawer.tsx';

// The map (and ECharts with it) loads when it is about to be seen, below the register.
const WorkforceMap = lazy(() => import('./WorkforceMap.tsx'));

/** The registry of community and social workers in the user's scope: search, filters, a register, a worker's drawer, import and export. */
export default function WorkersPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWrite = may(user.role, 'workers.write');
  const [openId, open] = useOpenParam();
  const [filter, update] = useSessionFilter<WorkerFilter>('workers.filter');
  const [importOpen, setImportOpen] = useState(false);
  const register = useRegisterList<Worker>('/workers', filter);
  const all = t('workers.all');

  return (
    <div>
      <RegisterTitle title={t('workers.title')} />
      <Register
        record="worker"
        path="/workers"
        register={register}
        namespace="workers"
        filter={filter}
        onFilter={update}
        searchMaxLength={40}
        filters={
          <>
            <FilterSelect
              label={t('workers.postKind')}
              value={filter.postKind}
              onChange={(postKind) => update({ postKind })}
              options={POST_KINDS.map((k) => ({ value: k, label: t(`workers.postKinds.${k}`) }))}
              allLabel={all}
              width={140}
              testId="post-kind-filter"
            />
            <FilterSelect
              label={t('workers.qualification')}
              value={filter.qualification}
              onChange={(qualification) => update({ qualification })}
              options={[...QUALIFICATION_LEVELS.map((l) => ({ value: l, label: t(`workers.levels.${l}`) })), { value: 'none' as const, label: t('workers.noQualification') }]}
              allLabel={all}
              width={140}
              testId="qualification-filter"
            />
            <FilterSelect
              label={t('workers.verification')}
              value={filter.verification}
              onChange={(verification) => update({ verification })}
              options={[{ value: 'pending' as const, label: t('workers.pendingVerification') }]}
              allLabel={all}
              width={140}
              testId="verification-filter"
            />
            <FilterSelect
              label={t('workers.urbanRural')}
              value={filter.urbanRural}
              onChange={(urbanRural) => update({ urbanRural })}
              options={[
                { value: 'urban', label: t('workers.urban') },
                { value: 'rural', label: t('workers.rural') },
              ]}
              allLabel={all}
              width={110}
              testId="urban-rural-filter"
            />
          </>
        }
        canWrite={canWrite}
        onCreate={() => open('new')}
        onImport={() => setImportOpen(true)}
        hint={t('workers.maskedHint')}
        nameTitle={t('workers.name')}
        onOpen={open}
        columns={[
          { key: 'posts', title: t('workers.currentPosts'), render: (w) => w.currentPosts.map((k) => t(`workers.postKinds.${k}`)).join('、') || t('workers.none') },
          { key: 'qualification', title: t('workers.qualification'), nowrap: true, render: (w) => (w.qualification ? t(`workers.levels.${w.qualification}`) : t('workers.none')) },
          { key: 'area', title: t('workers.registeredIn'), nowrap: true, render: (w) => w.areaName ?? w.areaCode },
          { key: 'idNumber', title: t('workers.idNumber'), nowrap: true, phone: 'hidden', render: (w) => <span className="numeric">{w.idNumber ?? t('common.none')}</span> },
          { key: 'phone', title: t('workers.phone'), nowrap: true, phone: 'hidden', render: (w) => <span className="numeric">{w.phone ?? t('common.none')}</span> },
          {
            key: 'tags',
            title: '',
            render: (w) => (
              <>
                {w.socialWorker && <Tag color="blue">{t('workers.socialWorker')}</Tag>}
                {w.generated && <Tag>{t('workers.generated')}</Tag>}
              </>
            ),
          },
        ]}
      />
      <Card title={<h2 className="card-title">{t('workers.map.title')}</h2>} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary">{t('workers.map.hint')}</Typography.Paragraph>
        <OnScreen className="map-box" testId="workforce-map">
          <WorkforceMap filter={filter} scope={user.scope} />
        </OnScreen>
      </Card>
      <WorkerDrawer
        id={openId}
        onClose={() => open(null)}
        onChanged={register.reload}
        onCreated={(id) => {
          register.refresh();
          open(id);
        }}
      />
      {canWrite && <ImportWizard subject="workers" open={importOpen} onClose={() => setImportOpen(false)} onImported={register.refresh} />}
    </div>
  );
}
