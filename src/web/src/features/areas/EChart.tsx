import { useEffect, useRef } from 'react';
import { echarts, type EChartsOption } from './echarts.ts';

/**
 * One ECharts instance bound to a div: created on mount, updated when the option changes,
 * resized with its box, disposed on unmount. The chart is a picture for screen readers
 * (role img + label); the same figures are on the page as text.
 */
export function EChart({ option, label, className, testId }: { option: EChartsOption; label: string; className: string; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = box.current!;
    chart.current = echarts.init(element, undefined, { renderer: 'canvas' });
    // A box of zero size (while the layout settles) would give the map a singular transform.
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0 && element.clientHeight > 0) chart.current?.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className={className} role="img" aria-label={label} data-testid={testId} />;
}
