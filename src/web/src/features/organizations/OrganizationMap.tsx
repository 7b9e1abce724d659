import { useMemo } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { useApi } from '../../shared/use-api.ts';
import { firstPages } from '../../shared/first-pages.ts';
import { mapPoints } from '../areas/area-points.ts';
import { ShadedAreaMap, type Shading } from '../areas/ShadedAreaMap.tsx';
import { ORGANIZATION_NATURES, type OrganizationNature } from '../../../../contracts/organizations.ts';
import type { Organization } from '../../../../contracts/organizations-api.ts';

/** The map draws at most this many organizations (4 requests of 500). */
const MAP_MAX = 2000;

/** One colour and one shape per nature, so neither alone carries the meaning. */
const NATURE_STYLE: Record<OrganizationNature, { colour: string; symbol: string; glyph: string }> = {
  service: { colour: '#0958d9', symbol: 'circle', glyph: '●' },
  publicWelfare: { colour: '#237804', symbol: 'triangle', glyph: '▲' },
  mutualAid: { colour: '#ad4e00', symbol: 'diamond', glyph: '◆' },
};

const levelOf = (code: string) => [2, 4, 6, 9, 12].indexOf(code.length) + 1;

interface Spot {
  name: string;
  nature: OrganizationNature;
  count: number;
  value: [number, number];
}

/**
 * Where the organizations the filters match serve: each community of the area (each township,
 * above a county) they serve, one mark per nature sized by how many serve there. The filters of
 * the register (status, nature, field, grade) apply; what the map shows is said as text too.
 */
export default function OrganizationMap({ filter, scope }: { filter: { area?: string } & object; scope: string }) {
  const { t } = useTranslation();
  const { elderMode } = usePreferences();
  const area = filter.area ?? scope;
  const key = JSON.stringify(filter);
  const organizations = useApi((signal) => firstPages((cursor) => api.get<Page<Organization>>('/organizations', { ...filter, limit: 500, cursor }, signal), MAP_MAX), [key]);
  const places = useApi((signal) => mapPoints({ code: area, level: levelOf(area), parentCode: area.length === 12 ? area.slice(0, 9) : null }, () => undefined, signal), [area]);

  const spots = useMemo(() => {
    const located = (places.data ?? []).filter((p) => p.lon !== null && p.lat !== null);
    const counts = new Map<string, Map<OrganizationNature, number>>();
    for (const o of organizations.data?.items ?? []) {
      // An organization counts once per place, however many of the place's communities it serves.
      const served = new Set<string>();
      for (const c of o.communities) {
        const place = located.find((p) => c.code === p.code || c.code.startsWith(p.code));
        if (place) served.add(place.code);
      }
      for (const code of served) {
        const byNature = counts.get(code) ?? new Map<OrganizationNature, number>();
        byNature.set(o.nature, (byNature.get(o.nature) ?? 0) + 1);
        counts.set(code, byNature);
      }
    }
    const out: Spot[] = [];
    for (const p of located) {
      const byNature = counts.get(p.code);
      if (!byNature) continue;
      // Natures side by side, a little apart, rather than on top of each other.
      ORGANIZATION_NATURES.forEach((nature, i) => {
        const count = byNature.get(nature);
        if (count) out.push({ name: p.name, nature, count, value: [p.lon! + (i - 1) * 0.004, p.lat!] });
      });
    }
    return { located, out, places: counts.size };
  }, [places.data, organizations.data]);

  const shading = useMemo<Shading>(() => {
    const base = elderMode ? 10 : 7;
    return {
      counties: false,
      loading: places.loading || organizations.loading,
      located: spots.located,
      series: ORGANIZATION_NATURES.map((nature) => ({
        type: 'scatter' as const,
        name: t(`organizations.natures.${nature}`),
        coordinateSystem: 'geo' as const,
        symbol: NATURE_STYLE[nature].symbol,
        symbolSize: (_: unknown, p: { data: Spot }) => base + Math.min(14, 3 * Math.sqrt(p.data.count)),
        itemStyle: { color: NATURE_STYLE[nature].colour, borderColor: '#fff', borderWidth: 0.5 },
        data: spots.out.filter((s) => s.nature === nature),
      })),
      tooltip: (p) => {
        const { data, seriesName } = p as { data: Spot; seriesName: string };
        return `${data.name} · ${seriesName}<br/>${t('organizations.map.count', { count: data.count })}`;
      },
      countyName: area.length >= 6,
    };
  }, [spots, places.loading, organizations.loading, elderMode, t, area]);

  const shown = organizations.data?.items.length ?? 0;
  const label = t('organizations.map.label', { count: shown, places: spots.places });
  return (
    <div>
      <ShadedAreaMap
        area={{ code: area, level: levelOf(area) }}
        shading={shading}
        error={organizations.error ?? places.error}
        label={label}
        loadingText={t('organizations.map.loading')}
        testId="organization-map"
        legendTestId="organization-legend"
        legend={ORGANIZATION_NATURES.map((nature) => (
          <span key={nature}>
            <span aria-hidden="true" style={{ color: NATURE_STYLE[nature].colour }}>
              {NATURE_STYLE[nature].glyph}
            </span>{' '}
            {t(`organizations.natures.${nature}`)}
          </span>
        ))}
      />
      {organizations.data && places.data && (
        <Typography.Paragraph type="secondary" data-testid="organization-map-summary">
          {label}
          {organizations.data.total > shown ? ` ${t('organizations.map.truncated', { count: shown })}` : ''}
        </Typography.Paragraph>
      )}
    </div>
  );
}
