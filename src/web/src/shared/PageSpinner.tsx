import { useTranslation } from 'react-i18next';
import './page-spinner.css';

/** While a page loads: a plain spinner (no Ant Design, so that the login page can show it too). */
export function PageSpinner() {
  const { t } = useTranslation();
  return (
    <div className="page-spinner" role="status" aria-live="polite">
      <span className="page-spinner-ring" aria-hidden="true" />
      <span className="visually-hidden">{t('common.loading')}</span>
    </div>
  );
}
