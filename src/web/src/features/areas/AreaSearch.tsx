import { useEffect, useState } from 'react';
import { AutoComplete, Input, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AreaSummary, Page } from '../../api/types.ts';
import { apiErrorMessage } from '../../shared/api-error-message.ts';
import { useSessionState } from '../../shared/form-draft.ts';
import { ColorTag, KIND_TONE } from '../../shared/ColorTag.tsx';

/** Search by name (Simplified or Traditional characters) or pinyin initials; the server does the matching. */
export function AreaSearch({ onOpen }: { onOpen: (code: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useSessionState('areas.search', '');
  const [results, setResults] = useState<Page<AreaSummary> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.get<Page<AreaSummary>>('/areas', { q, limit: 20 }, controller.signal).then(
        (page) => {
          setResults(page);
          setProblem(null);
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setProblem(apiErrorMessage(t, error));
        },
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, t]);

  const options = (results?.items ?? []).map((area) => ({
    value: area.code,
    label: (
      <div className="search-option" data-code={area.code}>
        <span>{area.name}</span>{' '}
        <Tag>{t(`levels.${area.levelName}`)}</Tag>
        {area.kind && <ColorTag tone={KIND_TONE[area.kind]}>{t(`kind.${area.kind}`)}</ColorTag>}
        <span className="demo-account-meta">{area.fullCode}</span>
      </div>
    ),
  }));

  return (
    <div>
      <AutoComplete
        value={text}
        options={options}
        onChange={(value: string) => {
          // Choosing an option reports its value (a code) as a change too: that is not typed text.
          if (!results?.items.some((a) => a.code === value)) setText(value);
        }}
        onSelect={(code: string) => {
          onOpen(code);
          setText('');
        }}
        style={{ width: '100%', maxWidth: 560 }}
        notFoundContent={results && text.trim() ? t('areas.noResults') : null}
        data-testid="area-search"
      >
        <Input.Search aria-label={t('areas.searchLabel')} placeholder={t('areas.searchPlaceholder')} allowClear enterButton={t('common.search')} />
      </AutoComplete>
      <div role="status" aria-live="polite" className="visually-hidden">
        {results && text.trim() ? t('areas.resultsCount', { count: results.total }) : ''}
      </div>
      {problem && (
        <div role="alert" style={{ color: '#c41d1d', marginTop: 4 }}>
          {problem}
        </div>
      )}
    </div>
  );
}
