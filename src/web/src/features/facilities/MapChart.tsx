import { useEffect, useRef } from 'react';
import { echarts, type EChartsOption } from '../areas/echarts.ts';

/**
 * An ECharts map bound to a div, like areas/EChart, that also reports clicks: on a point
 * (`onPoint`, with the data item), on a region of the geo component (`onRegion`, with its name)
 * and anywhere on the map (`onMapClick`, as longitude and latitude of the first geo component). The chart is a picture for screen readers (role img + label); what
 * it shows is on the page as text too.
 */
export function MapChart<T>({
  option,
  label,
  className = 'map-box',
  testId,
  onPoint,
  onRegion,
  onMapClick,
}: {
  option: EChartsOption;
  label: string;
  className?: string;
  testId?: string;
  onPoint?: (data: T) => void;
  onRegion?: (name: string) => void;
  onMapClick?: (lon: number, lat: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const handlers = useRef({ onPoint, onRegion, onMapClick });
  handlers.current = { onPoint, onRegion, onMapClick };

  useEffect(() => {
    const element = box.current!;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      if (params.componentType === 'series' && params.data) handlers.current.onPoint?.(params.data as T);
      else if (params.componentType === 'geo' && params.name) handlers.current.onRegion?.(params.name);
    });
    instance.getZr().on('click', (event) => {
      if (!handlers.current.onMapClick) return;
      const point = instance.convertFromPixel({ geoIndex: 0 }, [event.offsetX, event.offsetY]) as number[] | undefined;
      if (point && Number.isFinite(point[0]) && Number.isFinite(point[1])) handlers.current.onMapClick(point[0]!, point[1]!);
    });
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0 && element.clientHeight > 0) instance.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className={className} role="img" aria-label={label} data-testid={testId} />;
}
