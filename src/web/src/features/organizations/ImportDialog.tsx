import { useState } from 'react';
import { Alert, Button, Modal, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api, apiUrl } from '../../api/client.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import type { OrganizationImportReport } from '../../../../contracts/organizations-api.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Template, file, mode, then the row-by-row report. */
export function ImportDialog({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'allOrNothing' | 'goodRowsOnly'>('allOrNothing');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<OrganizationImportReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const start = async () => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    setReport(null);
    const isCsv = file.name.toLowerCase().endsWith('.csv');
    try {
      const r = await api.upload<OrganizationImportReport>('/organizations/import', file, isCsv ? 'text/csv' : XLSX_MIME, { mode });
      setReport(r);
      if (r.created > 0) onImported();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'import_rejected') setReport(e.details as OrganizationImportReport);
      else setProblem(apiErrorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('organizations.importDialog.title')} onCancel={onClose} footer={null} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <a href={apiUrl('/organizations/import-template', { format: 'xlsx' })} download>
          {t('organizations.importDialog.template')}
        </a>
        <label>
          <span className="filter-label">{t('organizations.importDialog.choose')}</span>
          <input type="file" accept=".xlsx,.csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="organization-import-file" />
        </label>
        <div>
          <span className="filter-label">{t('organizations.importDialog.mode')}</span>
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value as typeof mode)}
            options={[
              { value: 'allOrNothing', label: t('organizations.importDialog.allOrNothing') },
              { value: 'goodRowsOnly', label: t('organizations.importDialog.goodRowsOnly') },
            ]}
          />
        </div>
        <Button type="primary" disabled={!file} loading={busy} onClick={start} data-testid="organization-import-start">
          {t('organizations.importDialog.start')}
        </Button>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
        {report && (
          <div data-testid="organization-import-report">
            {report.created > 0 && <Alert type="success" showIcon title={t('organizations.importDialog.created', { count: report.created })} />}
            {report.problems.length > 0 && (
              <>
                <Typography.Paragraph style={{ marginTop: 8 }}>{t('organizations.importDialog.rejected', { count: report.rejected })}</Typography.Paragraph>
                <ul>
                  {report.problems.slice(0, 50).map((p, i) => (
                    <li key={i}>
                      {t('organizations.importDialog.row', { row: p.row })} {p.column ?? p.field}：{p.problem}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </Space>
    </Modal>
  );
}
