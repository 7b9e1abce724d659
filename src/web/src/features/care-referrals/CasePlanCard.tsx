import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { may } from '../../../../contracts/policy.ts';
import { useUser } from '../../app/session.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { referralsApi, type CarePlan } from './referrals-api.ts';

/** The case plan: goals (ticked when reached) and services to provide; saved with the version read. */
export function CasePlanCard({ caseId, plan, onSaved }: { caseId: string; plan: CarePlan | null; onSaved: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const [goals, setGoals] = useState(plan?.goals ?? []);
  const [services, setServices] = useState(plan?.services ?? []);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const writer = may(user.role, 'careReferrals.write');
  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      await referralsApi.savePlan(caseId, { goals: goals.filter((g) => g.text.trim()), services: services.filter((s) => s.trim()), ...(plan ? { version: plan.version } : {}) });
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card size="small" title={t('careReferrals.plan')} data-testid="case-plan">
      <div className="family-form">
        <strong>{t('careReferrals.goals')}</strong>
        {goals.map((g, i) => (
          <div key={i} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <Checkbox checked={g.done} disabled={!writer} onChange={(e) => setGoals(goals.map((x, j) => (j === i ? { ...x, done: e.target.checked } : x)))} aria-label={g.text || t('careReferrals.goals')} />
            <Input value={g.text} disabled={!writer} onChange={(e) => setGoals(goals.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))} maxLength={300} aria-label={t('careReferrals.goals')} />
          </div>
        ))}
        {writer && <Button onClick={() => setGoals([...goals, { text: '', done: false }])}>{t('careReferrals.addGoal')}</Button>}
        <strong>{t('careReferrals.services')}</strong>
        {services.map((s, i) => (
          <Input key={i} value={s} disabled={!writer} onChange={(e) => setServices(services.map((x, j) => (j === i ? e.target.value : x)))} maxLength={200} aria-label={t('careReferrals.services')} />
        ))}
        {writer && <Button onClick={() => setServices([...services, ''])}>{t('careReferrals.addService')}</Button>}
        {writer && (
          <Button type="primary" onClick={() => void save()} data-testid="plan-save">
            {t('careReferrals.savePlan')}
          </Button>
        )}
        {saved && <Alert type="success" showIcon message={t('careReferrals.saved')} />}
        <ErrorAlert error={error} />
      </div>
    </Card>
  );
}
