import { useMemo } from 'react';
import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AreaSummary } from '../../api/types.ts';
import { DEFAULT_RADIUS_KM } from '../../../../contracts/facilities.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useApi } from '../../shared/use-api.ts';
import { boundariesFor, boundsOf, loadCountyBoundaries } from '../areas/boundaries.ts';
import type { EChartsOption } from '../areas/echarts.ts';
import { useBoundaryMap } from './FacilityMap.tsx';
import { MapChart } from './MapChart.tsx';

const COMMUNITY_COLOUR = '#237804';

/** Great-circle km (the server's check uses the same formula). */
export function distanceKm(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A click on the map picks a location (rounded to 6 decimals, about 0.1 m). With a community
 * chosen the map opens on it, its centre marked; a point farther from that centre than the
 * community's service radius (urban 1 km, rural 3 km: the rule the server warns by) is flagged.
 */
export function LocationPicker({
  areaCode,
  lon,
  lat,
  onPick,
}: {
  areaCode: string;
  lon: number | null | undefined;
  lat: number | null | undefined;
  onPick: (lon: number, lat: number) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { elderMode } = usePreferences();
  const { mapName, error } = useBoundaryMap(areaCode);
  const has = typeof lon === 'number' && typeof lat === 'number';
  const isCommunity = /^[0-9]{12}$/.test(areaCode);
  const community = useApi(
    (signal) => (isCommunity ? api.get<AreaSummary>(`/areas/${areaCode}`, undefined, signal) : Promise.resolve(null)),
    [areaCode, isCommunity],
  );
  const centre = useMemo(() => {
    const c = community.data;
    return c && c.lon !== null && c.lat !== null ? { lon: c.lon, lat: c.lat } : null;
  }, [community.data]);
  // Zoom so that about 12 km of the county shows around the community.
  const county = useApi(async () => boundsOf(boundariesFor(await loadCountyBoundaries(), areaCode)), [areaCode.slice(0, 6)]);
  const zoom = county.data ? Math.min(Math.max(Math.min(county.data[2] - county.data[0], county.data[3] - county.data[1]) / 0.11, 1), 30) : 1;

  const limitKm = community.data?.kind === 'urban' ? DEFAULT_RADIUS_KM.urban : DEFAULT_RADIUS_KM.rural;
  const away = has && centre ? distanceKm(centre, { lon, lat }) : null;
  const far = away !== null && away > limitKm;

  const option = useMemo<EChartsOption | null>(
    () =>
      mapName
        ? ({
            animation: false,
            geo: {
              map: mapName,
              roam: true,
              ...(centre ? { center: [centre.lon, centre.lat], zoom } : {}),
              label: { show: !centre, color: '#3d3d3d', fontSize: elderMode ? 15 : 12 },
              itemStyle: { areaColor: '#eef3fa', borderColor: '#5b7fb0', borderWidth: 1 },
              emphasis: { disabled: true },
              select: { disabled: true },
            },
            series: [
              ...(centre && community.data
                ? [
                    {
                      type: 'scatter',
                      coordinateSystem: 'geo',
                      symbol: 'diamond',
                      symbolSize: elderMode ? 20 : 16,
                      itemStyle: { color: COMMUNITY_COLOUR, borderColor: '#fff', borderWidth: 1 },
                      label: { show: true, position: 'bottom', formatter: '{b}', color: '#1f1f1f', fontSize: elderMode ? 15 : 12 },
                      data: [{ name: community.data.name, value: [centre.lon, centre.lat] }],
                      silent: true,
                    },
                  ]
                : []),
              ...(has
                ? [
                    {
                      type: 'scatter',
                      coordinateSystem: 'geo',
                      symbol: 'pin',
                      symbolSize: elderMode ? 40 : 32,
                      itemStyle: { color: '#b3122e' },
                      data: [{ name: '', value: [lon, lat] }],
                      silent: true,
                    },
                  ]
                : []),
            ],
          } as EChartsOption)
        : null,
    [mapName, has, lon, lat, elderMode, centre, community.data, zoom],
  );

  return (
    <div>
      <ErrorAlert error={error ?? community.error} />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }} id="pick-hint">
        {centre && community.data ? t('facilities.pickNear', { name: community.data.name }) : t('facilities.pickOnMap')}
      </Typography.Paragraph>
      {option && (
        <MapChart
          option={option}
          className="picker-box"
          label={has ? t('facilities.pickedHint', { lon: format.decimal(lon), lat: format.decimal(lat) }) : t('facilities.pickOnMap')}
          testId="location-picker"
          onMapClick={(x, y) => onPick(Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6)}
        />
      )}
      {far && community.data && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginTop: 8 }}
          data-testid="location-warning"
          title={t('facilities.locationFar', { name: community.data.name, distance: format.decimal(Math.round(away * 10) / 10), radius: format.decimal(limitKm) })}
        />
      )}
    </div>
  );
}
