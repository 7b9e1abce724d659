import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { usePreferences } from '../../app/preferences.tsx';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../i18n/index.ts';
import { ApiError } from '../../api/client.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { deliveryApi } from './delivery-api.ts';
import { yuan } from './linkage-api.ts';
import '../../shared/plain-controls.css';
import './public-notice.css';

/**
 * The public notice (公示) of one community, readable without an account: open calls, awards with
 * their notice window, complaints and their answers, closed evaluations with score and grade.
 * Plain HTML like the login page (no console, no Ant Design); organizations and projects only.
 * Each project links to its whole chain (which asks for a login: attendance and spending are not public).
 */
export default function PublicNoticePage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const { language, setLanguage } = usePreferences();
  const notice = useApi((signal) => deliveryApi.publicNotice(code, signal), [code]);
  const n = notice.data;
  const title = t('linkageDelivery.notice.title', { name: n?.areaName ?? code });
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [t, title]);

  const chainLink = (projectId: string) => <Link to={`/linkage/projects/${projectId}/chain`}>{t('linkageDelivery.notice.chain')}</Link>;
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');
  return (
    <div className="notice-page" lang={language}>
      <header className="notice-top">
        <span className="notice-app">{t('app.name')}</span>
        <select aria-label={t('layout.language')} className="plain-select" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
        <Link to="/login">{t('linkageDelivery.notice.login')}</Link>
      </header>
      <main id="main" data-testid="public-notice">
        <h1>{title}</h1>
        <p className="notice-intro">{t('linkageDelivery.notice.intro')}</p>
        {!n && notice.error !== null && notice.error !== undefined ? (
          <p role="alert" className="notice-error">
            {notice.error instanceof ApiError && notice.error.status === 404 ? t('linkageDelivery.notice.notFound') : apiErrorMessage(t, notice.error)}
          </p>
        ) : !n ? (
          <PageSpinner />
        ) : (
          <>
            <Section title={t('linkageDelivery.notice.calls')} testId="notice-calls" none={t('linkageDelivery.notice.none')} empty={n.calls.length === 0}>
              <Table head={[t('linkageDelivery.notice.project'), t('linkageDelivery.notice.deadline'), t('linkageDelivery.notice.budget'), t('linkageDelivery.notice.chain')]}>
                {n.calls.map((c) => (
                  <tr key={c.callId}>
                    <td>{c.projectTitle}</td>
                    <td>{day(c.submissionDeadline)}</td>
                    <td>{yuan(c.budgetCents)}</td>
                    <td>{chainLink(c.projectId)}</td>
                  </tr>
                ))}
              </Table>
            </Section>
            <Section title={t('linkageDelivery.notice.awards')} testId="notice-awards" none={t('linkageDelivery.notice.none')} empty={n.awards.length === 0}>
              <Table head={[t('linkageDelivery.notice.project'), t('linkageDelivery.notice.organization'), t('linkageDelivery.notice.amount'), t('linkageDelivery.notice.noticeUntil'), t('linkageDelivery.notice.chain')]}>
                {n.awards.map((a) => (
                  <tr key={a.callId}>
                    <td>{a.projectTitle}</td>
                    <td>{a.organization}</td>
                    <td>{a.amountCents === null ? '' : yuan(a.amountCents)}</td>
                    <td>{day(a.noticeUntil)}</td>
                    <td>{chainLink(a.projectId)}</td>
                  </tr>
                ))}
              </Table>
            </Section>
            <Section title={t('linkageDelivery.notice.complaints')} testId="notice-complaints" none={t('linkageDelivery.notice.none')} empty={n.complaints.length === 0}>
              <Table head={[t('linkageDelivery.notice.project'), t('linkageDelivery.notice.subject'), t('linkageDelivery.notice.state'), t('linkageDelivery.notice.answer')]}>
                {n.complaints.map((k) => (
                  <tr key={k.id}>
                    <td>{k.projectTitle}</td>
                    <td>{k.subject}</td>
                    <td>{(t as unknown as (key: string, o?: object) => string)(`linkage.complaintStates.${k.state}`, { defaultValue: k.state })}</td>
                    <td>{k.answer ?? ''}</td>
                  </tr>
                ))}
              </Table>
            </Section>
            <Section title={t('linkageDelivery.notice.evaluations')} testId="notice-evaluations" none={t('linkageDelivery.notice.none')} empty={n.evaluations.length === 0}>
              <Table head={[t('linkageDelivery.notice.project'), t('linkageDelivery.notice.organization'), t('linkageDelivery.notice.score'), t('linkageDelivery.notice.grade'), t('linkageDelivery.notice.closedAt'), t('linkageDelivery.notice.chain')]}>
                {n.evaluations.map((e) => (
                  <tr key={e.roundId}>
                    <td>{e.projectTitle}</td>
                    <td>{e.organization ?? ''}</td>
                    <td>{e.finalScore}</td>
                    <td>{(t as unknown as (key: string, o?: object) => string)(`linkageDelivery.grades.${e.grade}`, { defaultValue: e.grade })}</td>
                    <td>{day(e.closedAt)}</td>
                    <td>{chainLink(e.projectId)}</td>
                  </tr>
                ))}
              </Table>
            </Section>
          </>
        )}
      </main>
    </div>
  );

}

function Section({ title, testId, empty, none, children }: { title: string; testId: string; empty: boolean; none: string; children: ReactNode }) {
  return (
    <section data-testid={testId} className="notice-section">
      <h2>{title}</h2>
      {empty ? <p className="notice-none">{none}</p> : children}
    </section>
  );
}

function Table({ head, children }: { head: string[]; children: ReactNode }) {
  return (
    <div className="notice-table-wrap">
      <table className="notice-table">
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
