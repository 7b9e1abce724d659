import { useMemo } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../app/preferences.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import type { EChartsOption } from '../areas/echarts.ts';
import { useBoundaryMap } from './FacilityMap.tsx';
import { MapChart } from './MapChart.tsx';

/** A click on the county map picks a location (rounded to 6 decimals, about 0.1 m). */
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

  const option = useMemo<EChartsOption | null>(
    () =>
      mapName
        ? ({
            animation: false,
            geo: {
              map: mapName,
              roam: true,
              label: { show: true, color: '#3d3d3d', fontSize: elderMode ? 15 : 12 },
              itemStyle: { areaColor: '#eef3fa', borderColor: '#5b7fb0', borderWidth: 1 },
              emphasis: { disabled: true },
              select: { disabled: true },
            },
            series: has
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
              : [],
          } as EChartsOption)
        : null,
    [mapName, has, lon, lat, elderMode],
  );

  return (
    <div>
      <ErrorAlert error={error} />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }} id="pick-hint">
        {t('facilities.pickOnMap')}
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
    </div>
  );
}
