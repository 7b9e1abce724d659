import { useState } from 'react';
import { Alert, Button, Modal, Radio, Space, Steps, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api, apiUrl } from '../../api/client.ts';
import type { ImportReport, RowProblem } from '../../api/facilities.ts';
import { useFormat } from '../../i18n/format.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useSessionState } from '../../shared/form-draft.ts';
import { fieldLabel, rowProblemText } from './problems.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * What is imported: the API path and the texts that name it. `preview`: the API is all or nothing
 * with a check first (mode=check writes nothing), so the wizard checks the file, shows the report,
 * then imports it (the texts then hold check, checked and importNow too).
 */
const SUBJECTS = {
  facilities: { path: '/facilities', texts: 'importWizard' },
  persons: { path: '/persons', texts: 'personImport' },
  workers: { path: '/workers', texts: 'workers.importTexts' },
  volunteers: { path: '/volunteers', texts: 'volunteers.importTexts', preview: true },
} as const;

/** Template, file, mode, then the row-by-row report in the user's language. */
export function ImportWizard({
  open,
  onClose,
  onImported,
  subject = 'facilities',
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
  /** Facilities (the default) or persons of the resident registry. */
  subject?: keyof typeof SUBJECTS;
}) {
  const { t } = useTranslation();
  const entry = SUBJECTS[subject];
  const { path, texts } = entry;
  const preview = 'preview' in entry && entry.preview;
  const tt = t as unknown as (key: string, options?: object) => string;
  const format = useFormat();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useSessionState<'allOrNothing' | 'goodRowsOnly'>(`${subject}.importMode`, 'allOrNothing');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ report: ImportReport; rejected: boolean; checked?: boolean } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const reset = () => {
    setFile(null);
    setReport(null);
    setProblem(null);
  };

  const send = async (check = false) => {
    if (!file) return;
    const isXlsx = /\.xlsx$/i.test(file.name);
    setBusy(true);
    setProblem(null);
    try {
      const sentMode = preview ? (check ? 'check' : 'allOrNothing') : mode;
      const result = await api.upload<ImportReport>(`${path}/import`, file, isXlsx ? XLSX_MIME : 'text/csv', { mode: sentMode, format: isXlsx ? 'xlsx' : 'csv' });
      setReport({ report: result, rejected: false, checked: check });
      if (result.created) onImported();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'import_rejected' && error.details) setReport({ report: error.details as ImportReport, rejected: true });
      else setProblem(apiErrorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  const r = report?.report;
  const step = r ? 3 : file ? 2 : 1;

  return (
    <Modal
      open={open}
      title={t(`${texts}.title`)}
      onCancel={() => {
        reset();
        onClose();
      }}
      footer={null}
      width={820}
      destroyOnHidden
    >
      <div data-testid="import-wizard">
        <Steps
          size="small"
          current={step}
          style={{ marginBottom: 16 }}
          items={[{ title: t('importWizard.step1') }, { title: t('importWizard.step2') }, { title: t('importWizard.step3') }, { title: t('importWizard.report') }]}
        />
        {!r && (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <section>
              <h3 className="card-title">1. {t('importWizard.step1')}</h3>
              <Typography.Paragraph type="secondary">{t(`${texts}.step1Hint`)}</Typography.Paragraph>
              <Space wrap>
                <Button href={apiUrl(`${path}/import-template`, { format: 'csv' })} download data-testid="template-csv">
                  {t('importWizard.templateCsv')}
                </Button>
                <Button href={apiUrl(`${path}/import-template`, { format: 'xlsx' })} download data-testid="template-xlsx">
                  {t('importWizard.templateXlsx')}
                </Button>
              </Space>
            </section>
            <section>
              <h3 className="card-title">2. {t('importWizard.step2')}</h3>
              <Typography.Paragraph type="secondary">{t(`${texts}.step2Hint`)}</Typography.Paragraph>
              <label className="file-input">
                <span className="ant-btn ant-btn-default">{t('importWizard.chooseFile')}</span>
                <input
                  type="file"
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  data-testid="import-file"
                  className="visually-hidden"
                  onChange={(e) => {
                    const chosen = e.target.files?.[0] ?? null;
                    if (chosen && !/\.(csv|xlsx)$/i.test(chosen.name)) {
                      setProblem(t('importWizard.wrongType'));
                      setFile(null);
                    } else {
                      setProblem(null);
                      setFile(chosen);
                    }
                  }}
                />
              </label>
              {file && (
                <Typography.Text style={{ marginInlineStart: 12 }} data-testid="import-chosen">
                  {t('importWizard.chosen', { name: file.name, size: `${format.number(Math.ceil(file.size / 1024))} KB` })}
                </Typography.Text>
              )}
            </section>
            {!preview && (
              <section>
              <h3 className="card-title" id="import-mode-title">
                3. {t('importWizard.step3')}
              </h3>
              <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} aria-labelledby="import-mode-title">
                <Space direction="vertical">
                  <Radio value="allOrNothing" data-testid="mode-all">
                    <strong>{t('importWizard.allOrNothing')}</strong> — {t('importWizard.allOrNothingHint')}
                  </Radio>
                  <Radio value="goodRowsOnly" data-testid="mode-good">
                    <strong>{t('importWizard.goodRowsOnly')}</strong> — {t('importWizard.goodRowsOnlyHint')}
                  </Radio>
                </Space>
              </Radio.Group>
            </section>
            )}
            {preview && <Typography.Paragraph type="secondary">{tt(`${texts}.checkHint`)}</Typography.Paragraph>}
            {problem && <Alert type="error" showIcon role="alert" title={t('errors.title')} description={problem} />}
            <Button type="primary" disabled={!file} loading={busy} onClick={() => void send(Boolean(preview))} data-testid="import-start">
              {preview ? tt(`${texts}.check`) : t('importWizard.start')}
            </Button>
          </Space>
        )}
        {r && (
          <div data-testid="import-report">
            <h3 className="card-title">{t('importWizard.report')}</h3>
            <Alert
              role="status"
              showIcon
              type={report.rejected ? 'error' : r.rejected ? 'warning' : 'success'}
              title={
                report.rejected
                  ? t(`${texts}.rejectedAll`, { rejected: r.rejected })
                  : report.checked
                    ? tt(`${texts}.checked`, { rows: r.rows })
                    : r.rejected
                    ? t('importWizard.summary', { rows: r.rows, created: r.created, rejected: r.rejected })
                    : t('importWizard.allGood', { created: r.created })
              }
              style={{ marginBottom: 12 }}
              data-testid="import-summary"
            />
            {r.problems.length > 0 && (
              <Table<RowProblem & { key: number }>
                size="small"
                data-testid="import-problems"
                pagination={r.problems.length > 20 ? { pageSize: 20 } : false}
                dataSource={r.problems.map((p, i) => ({ ...p, key: i }))}
                columns={[
                  { key: 'row', dataIndex: 'row', title: t('importWizard.row'), width: 80 },
                  { key: 'column', title: t('importWizard.column'), render: (_, p) => p.column ?? fieldLabel(t, p.field) },
                  {
                    key: 'problem',
                    title: t('importWizard.problem'),
                    render: (_, p) => (
                      <span>
                        {rowProblemText(t, p)}
                        {!p.code && (
                          <Typography.Text type="secondary" style={{ display: 'block', fontSize: '0.9em' }} lang="en">
                            {t('problems.original', { text: p.problem })}
                          </Typography.Text>
                        )}
                      </span>
                    ),
                  },
                ]}
              />
            )}
            <Space style={{ marginTop: 12 }} wrap>
              {report.checked && !report.rejected && (
                <Button type="primary" loading={busy} onClick={() => void send(false)} data-testid="import-now">
                  {tt(`${texts}.importNow`, { rows: r.rows })}
                </Button>
              )}
              <Button onClick={reset} data-testid="import-again">
                {t('importWizard.again')}
              </Button>
            </Space>
          </div>
        )}
      </div>
    </Modal>
  );
}
