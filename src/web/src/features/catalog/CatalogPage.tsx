import { useEffect, useState } from 'react';
import { Empty, Input, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { SERVICE_CATEGORIES, serviceCatalogApi, type ServiceCategory } from '../../api/catalog.ts';
import { useUser } from '../../app/session.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PageSpinner } from '../../shared/PageSpinner.tsx';
import { useApi } from '../../shared/use-api.ts';
import { ChannelList, useItemName } from './labels.tsx';
import './catalog.css';

/** 办事服务: the catalog of the user's own area, by category and by search. Phone first. */
export default function CatalogPage() {
  const { t } = useTranslation();
  const user = useUser();
  const itemName = useItemName();
  const [category, setCategory] = useState<ServiceCategory | undefined>();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');

  useEffect(() => {
    document.title = `${t('catalog.title')} · ${t('app.name')}`;
  }, [t]);
  // The server searches Simplified, Traditional and pinyin initials; ask it once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);

  const catalog = useApi((signal) => serviceCatalogApi.catalog(user.scope, { category, q: q || undefined }, signal), [user.scope, category, q]);
  const items = catalog.data?.items ?? [];

  return (
    <div className="portal" data-testid="catalog">
      <Typography.Title level={1} className="page-title" style={{ fontSize: '1.5em' }}>
        {t('catalog.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('catalog.intro')}
      </Typography.Paragraph>
      <Input.Search
        allowClear
        size="large"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onSearch={(value) => setQ(value.trim())}
        placeholder={t('catalog.search')}
        aria-label={t('catalog.search')}
        data-testid="catalog-search"
      />
      <div className="catalog-categories" role="group" aria-label={t('catalog.title')}>
        <Tag.CheckableTag checked={category === undefined} onChange={() => setCategory(undefined)} data-testid="catalog-category-all">
          {t('catalog.allCategories')}
        </Tag.CheckableTag>
        {SERVICE_CATEGORIES.map((c) => (
          <Tag.CheckableTag key={c} checked={category === c} onChange={(on) => setCategory(on ? c : undefined)} data-testid={`catalog-category-${c}`}>
            {t(`catalog.category.${c}`)}
          </Tag.CheckableTag>
        ))}
      </div>
      <ErrorAlert error={catalog.error} onRetry={catalog.reload} />
      {catalog.loading && !catalog.data && <PageSpinner />}
      {catalog.data && (
        <Typography.Text type="secondary" aria-live="polite" data-testid="catalog-count">
          {t('catalog.count', { count: items.length })}
        </Typography.Text>
      )}
      {catalog.data && items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalog.empty')} />}
      <ul className="plain-list catalog-cards" aria-label={t('catalog.title')}>
        {items.map((item) => (
          <li key={item.code}>
            <Link to={`/catalog/${encodeURIComponent(item.code)}`} className="catalog-card" data-testid="catalog-item">
              <span className="catalog-card-title">{itemName(item)}</span>
              <span className="catalog-muted">
                {t(`catalog.category.${item.category}`)} · {item.department}
              </span>
              <span className="catalog-facts">
                <span>
                  {t('catalog.committed')} <strong>{t('catalog.workingDays', { count: item.committedDays })}</strong>
                </span>
                <span>{item.feeYuan === 0 ? t('catalog.free') : t('catalog.fee', { amount: item.feeYuan })}</span>
                <span className="catalog-muted">
                  <ChannelList channels={item.channels} />
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
