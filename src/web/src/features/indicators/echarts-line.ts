// The trend chart needs line series, which the area page's trimmed ECharts does not carry: they
// are registered here, in the indicators chunk, so other pages do not pay for them.
import { LineChart } from 'echarts/charts';
import { echarts } from '../areas/echarts.ts';

echarts.use([LineChart]);

export { echarts };
export type { EChartsOption } from '../areas/echarts.ts';
