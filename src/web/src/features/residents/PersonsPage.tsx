import { lazy, Suspense, useState } from 'react';
import { InputNumber, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { LEFT_BEHIND_KINDS, RESIDENCE_STATUSES, SEXES, type Person, type PersonFilter } from '../../api/residents.ts';
import { useUser } from '../../app/session.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { FilterSelect, Register, RegisterTitle, useOpenParam, useRegisterList, useSessionFilter } from '../../shared/Register.tsx';
import { ImportWizard } from '../facilities/ImportWizard.tsx';
import { PersonDrawer } from './PersonDrawer.tsx';
import { may } from '../../../../contracts/policy.ts';
import { StatusTag } from './labels.tsx';

// The charts (and ECharts with them) load only when the population tab is opened.
const PopulationPanel = lazy(() => import('./PopulationPanel.tsx'));

/** The resident registry of the user's scope: search, filters, a paged list with masked numbers, a person's drawer, import, export, population. */
export default function PersonsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWrite = may(user.role, 'registry.write');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'population' ? 'population' : 'list';
  const [openId, open] = useOpenParam();
  const [filter, update] = useSessionFilter<PersonFilter>('persons.filter');
  const [importOpen, setImportOpen] = useState(false);
  const register = useRegisterList<Person>('/persons', filter);
  const all = t('residents.all');
  const setTab = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set('tab', value);
    else next.delete('tab');
    setParams(next, { replace: true });
  };

  const listView = (
    <Register
      record="person"
      path="/persons"
      register={register}
      namespace="residents"
      filter={filter}
      onFilter={update}
      searchMaxLength={40}
      filters={
        <>
          <FilterSelect
            label={t('residents.sex')}
            value={filter.sex}
            onChange={(sex) => update({ sex })}
            options={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))}
            allLabel={all}
            width={90}
            testId="sex-filter"
          />
          <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <legend className="filter-label">{t('residents.ageRange')}</legend>
            <InputNumber
              aria-label={t('residents.ageMin')}
              placeholder={t('residents.ageMin')}
              min={0}
              max={150}
              value={filter.ageMin ?? null}
              onChange={(v) => update({ ageMin: v ?? undefined })}
              style={{ width: 90 }}
              data-testid="age-min"
            />
            <span aria-hidden="true"> – </span>
            <InputNumber
              aria-label={t('residents.ageMax')}
              placeholder={t('residents.ageMax')}
              min={0}
              max={150}
              value={filter.ageMax ?? null}
              onChange={(v) => update({ ageMax: v ?? undefined })}
              style={{ width: 90 }}
              data-testid="age-max"
            />
          </fieldset>
          <FilterSelect
            label={t('residents.residenceStatus')}
            value={filter.status}
            onChange={(status) => update({ status })}
            options={RESIDENCE_STATUSES.map((s) => ({ value: s, label: t(`residenceStatus.${s}`) }))}
            allLabel={all}
            width={110}
            testId="status-filter"
          />
          <FilterSelect
            label={t('residents.flag')}
            value={filter.flag}
            onChange={(flag) => update({ flag })}
            options={[...LEFT_BEHIND_KINDS.map((k) => ({ value: k, label: t(`leftBehindKind.${k}`) })), { value: 'livingAlone' as const, label: t('residents.livingAlone') }]}
            allLabel={all}
            width={140}
            testId="flag-filter"
          />
        </>
      }
      canWrite={canWrite}
      onCreate={() => open('new')}
      onImport={() => setImportOpen(true)}
      exportFormats={['csv', 'xlsx']}
      hint={t('residents.maskedHint')}
      nameTitle={t('residents.name')}
      onOpen={open}
      columns={[
        { key: 'sex', title: t('residents.sex'), nowrap: true, render: (p) => t(`sex.${p.sex}`) },
        { key: 'age', title: t('residents.age'), align: 'right', nowrap: true, render: (p) => p.age },
        { key: 'idNumber', title: t('residents.idNumber'), nowrap: true, render: (p) => <span className="numeric">{p.idNumber ?? t('common.none')}</span> },
        { key: 'phone', title: t('residents.phone'), nowrap: true, phone: 'hidden', render: (p) => <span className="numeric">{p.phone ?? t('common.none')}</span> },
        { key: 'relation', title: t('residents.relation'), nowrap: true, render: (p) => t(`relation.${p.relation}`) },
        { key: 'status', title: t('residents.residenceStatus'), render: (p) => <StatusTag status={p.residenceStatus} /> },
        { key: 'community', title: t('residents.community'), nowrap: true, phone: 'hidden', render: (p) => p.areaName ?? p.areaCode },
        { key: 'generated', title: '', render: (p) => (p.generated ? <Tag>{t('residents.generated')}</Tag> : null) },
      ]}
    />
  );

  return (
    <div>
      <RegisterTitle title={t('residents.title')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k === 'population' ? 'population' : null)}
        items={[
          { key: 'list', label: <span data-testid="tab-list">{t('residents.tabList')}</span>, children: listView },
          {
            key: 'population',
            label: <span data-testid="tab-population">{t('residents.tabPopulation')}</span>,
            children: (
              <Suspense fallback={<PageSpinner />}>
                <PopulationPanel />
              </Suspense>
            ),
          },
        ]}
      />
      <PersonDrawer
        id={openId}
        canWrite={canWrite}
        onClose={() => open(null)}
        onChanged={register.reload}
        onOpen={open}
        onCreated={(saved) => {
          register.refresh();
          open(saved.id);
        }}
      />
      {canWrite && <ImportWizard subject="persons" open={importOpen} onClose={() => setImportOpen(false)} onImported={register.refresh} />}
    </div>
  );
}
