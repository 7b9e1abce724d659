import type { IndicatorDefinition, Split } from '../../../contracts/indicators.ts';
import type { Language } from '../../../contracts/language.ts';

/** Everything the workbook and the PDF report say, in each language the web speaks. */
export interface ReportText {
  split: Record<Split, string>;
  source: Record<IndicatorDefinition['source'], string>;
  unit: Record<IndicatorDefinition['unit'], string>;
  noData: string;
  none: string;
  squareMetres: (value: string) => string;
  progress: { unknown: string; reached: string; onTrack: string; behind: string };
  sheets: { indicators: string; children: string; equalization: string; notes: string };
  indicatorColumns: string[];
  childColumns: { code: string; name: string; bySplit: (indicator: string, split: string) => string };
  equalizationColumns: string[];
  notes: {
    header: [string, string];
    area: string;
    period: string;
    asOf: string;
    statisticsYear: string;
    plan: string;
    computedAt: string;
    remark: string;
    generated: string;
    waitsFor: (module: string) => string;
  };
  report: {
    title: (area: string) => string;
    subtitle: (period: string, plan: string) => string;
    meta: { area: string; plan: string; year: string; asOf: string; statisticsYear: string; generatedAt: string };
    headings: [string, string, string, string, string];
    overview: (all: number, urban: number, rural: number, urbanCoverage: string, ruralCoverage: string) => string;
    generated: string;
    progressColumns: [string, string, string, string, string, string, string, string];
    notSet: string;
    progressNote: string;
    equalizationColumns: [string, string, string, string, string, string, string];
    equalizationNote: string;
    rankingColumns: [string, string, string, string, string];
    noDataLine: (indicator: string, module: string) => string;
    footer: (area: string, period: string) => string;
  };
}

const zhCN: ReportText = {
  split: { all: '全部', urban: '城市', rural: '农村' },
  source: {
    coverage: '设施与覆盖',
    accounts: '账号与工作记录',
    workforce: '社区工作者与社会工作者名册',
    organizations: '社区社会组织',
    care: '关爱服务（探访）',
    services: '服务事项办理',
    linkage: '三社联动评价',
    market: '信息服务站点服务记录与服务申请',
  },
  unit: { percent: '%', squareMetres: '平方米/百户', perCommunity: '个/社区', perTenThousand: '人/万人', score: '分' },
  noData: '暂无数据',
  none: '—',
  squareMetres: (v) => `${v} 平方米`,
  progress: { unknown: '无法判断', reached: '已达标', onTrack: '进度正常', behind: '进度滞后' },
  sheets: { indicators: '指标', children: '下级区域', equalization: '均等化', notes: '说明' },
  indicatorColumns: ['指标', '单位', '城乡', '数值', '分子', '分母', '基线', '基线年份', '目标', '目标年份', '差距', '年均需提升', '进度'],
  childColumns: { code: '代码', name: '名称', bySplit: (i, s) => `${i}（${s}）` },
  equalizationColumns: ['指标', '城市', '农村', '城乡比', '城乡差', '下级区域数', '平均值', '变异系数', '泰尔指数'],
  notes: {
    header: ['项目', '内容'],
    area: '区域',
    period: '监测期',
    asOf: '数据截至',
    statisticsYear: '人口统计年度',
    plan: '规划',
    computedAt: '计算时间',
    remark: '说明',
    generated: '本区域含演示用生成数据，不代表实际情况',
    waitsFor: (m) => `暂无数据：待${m}模块记录数据`,
  },
  report: {
    title: (a) => `${a}城乡社区服务体系建设监测报告`,
    subtitle: (p, plan) => `${p}年度 · ${plan}`,
    meta: { area: '区域', plan: '规划', year: '监测年度', asOf: '数据截至', statisticsYear: '人口统计年度', generatedAt: '生成时间' },
    headings: ['一、总体情况', '二、规划指标进展', '三、各项指标城乡对照', '四、下级区域设施覆盖情况', '五、暂无数据的指标'],
    overview: (all, urban, rural, u, r) => `本区域共有城乡社区 ${all} 个，其中城市社区 ${urban} 个、农村社区 ${rural} 个。社区综合服务设施覆盖率：城市 ${u}，农村 ${r}。`,
    generated: '注意：本区域含演示用生成数据（人口统计、设施等），本报告仅供演示，不代表实际情况。',
    progressColumns: ['指标', '城乡', '基线', '目标', '实际', '差距', '年均需提升', '进度'],
    notSet: '未设定',
    progressNote: '目标依次取本区域自设目标、上级区域自设目标、规划目标；规划未给出的目标显示“未设定”，由各地自行设定。',
    equalizationColumns: ['指标', '全部', '城市', '农村', '城乡比', '变异系数', '泰尔指数'],
    equalizationNote: '城乡比 = 城市值 / 农村值；变异系数与泰尔指数（按常住人口加权）衡量下级区域之间的差异，0 表示完全均等。',
    rankingColumns: ['排名', '区域', '设施覆盖率', '有设施社区 / 社区', '服务半径人口覆盖率'],
    noDataLine: (i, m) => `${i}：暂无数据，待${m}模块投入使用后自动计算。`,
    footer: (a, p) => `邻里 · ${a} ${p} 年度监测报告`,
  },
};

const zhTW: ReportText = {
  split: { all: '全部', urban: '城市', rural: '農村' },
  source: {
    coverage: '設施與覆蓋',
    accounts: '帳號與工作紀錄',
    workforce: '社區工作者與社會工作者名冊',
    organizations: '社區社會組織',
    care: '關愛服務（探訪）',
    services: '服務事項辦理',
    linkage: '三社聯動評價',
    market: '資訊服務站點服務紀錄與服務申請',
  },
  unit: { percent: '%', squareMetres: '平方公尺/百戶', perCommunity: '個/社區', perTenThousand: '人/萬人', score: '分' },
  noData: '暫無資料',
  none: '—',
  squareMetres: (v) => `${v} 平方公尺`,
  progress: { unknown: '無法判斷', reached: '已達標', onTrack: '進度正常', behind: '進度落後' },
  sheets: { indicators: '指標', children: '下級區域', equalization: '均等化', notes: '說明' },
  indicatorColumns: ['指標', '單位', '城鄉', '數值', '分子', '分母', '基線', '基線年份', '目標', '目標年份', '差距', '年均需提升', '進度'],
  childColumns: { code: '代碼', name: '名稱', bySplit: (i, s) => `${i}（${s}）` },
  equalizationColumns: ['指標', '城市', '農村', '城鄉比', '城鄉差', '下級區域數', '平均值', '變異係數', '泰爾指數'],
  notes: {
    header: ['項目', '內容'],
    area: '區域',
    period: '監測期',
    asOf: '資料截至',
    statisticsYear: '人口統計年度',
    plan: '規劃',
    computedAt: '計算時間',
    remark: '說明',
    generated: '本區域含演示用生成資料，不代表實際情況',
    waitsFor: (m) => `暫無資料：待${m}模組記錄資料`,
  },
  report: {
    title: (a) => `${a}城鄉社區服務體系建設監測報告`,
    subtitle: (p, plan) => `${p}年度 · ${plan}`,
    meta: { area: '區域', plan: '規劃', year: '監測年度', asOf: '資料截至', statisticsYear: '人口統計年度', generatedAt: '產生時間' },
    headings: ['一、總體情況', '二、規劃指標進展', '三、各項指標城鄉對照', '四、下級區域設施覆蓋情況', '五、暫無資料的指標'],
    overview: (all, urban, rural, u, r) => `本區域共有城鄉社區 ${all} 個，其中城市社區 ${urban} 個、農村社區 ${rural} 個。社區綜合服務設施覆蓋率：城市 ${u}，農村 ${r}。`,
    generated: '注意：本區域含演示用生成資料（人口統計、設施等），本報告僅供演示，不代表實際情況。',
    progressColumns: ['指標', '城鄉', '基線', '目標', '實際', '差距', '年均需提升', '進度'],
    notSet: '未設定',
    progressNote: '目標依次取本區域自設目標、上級區域自設目標、規劃目標；規劃未給出的目標顯示「未設定」，由各地自行設定。',
    equalizationColumns: ['指標', '全部', '城市', '農村', '城鄉比', '變異係數', '泰爾指數'],
    equalizationNote: '城鄉比 = 城市值 / 農村值；變異係數與泰爾指數（按常住人口加權）衡量下級區域之間的差異，0 表示完全均等。',
    rankingColumns: ['排名', '區域', '設施覆蓋率', '有設施社區 / 社區', '服務半徑人口覆蓋率'],
    noDataLine: (i, m) => `${i}：暫無資料，待${m}模組投入使用後自動計算。`,
    footer: (a, p) => `鄰里 · ${a} ${p} 年度監測報告`,
  },
};

const en: ReportText = {
  split: { all: 'All', urban: 'Urban', rural: 'Rural' },
  source: {
    coverage: 'facilities and coverage',
    accounts: 'accounts and recorded work',
    workforce: 'community and social worker register',
    organizations: 'community social organizations',
    care: 'care (visits)',
    services: 'service requests',
    linkage: 'tri-party linkage evaluation',
    market: 'information point service logs and service requests',
  },
  unit: { percent: '%', squareMetres: 'm² per 100 households', perCommunity: 'per community', perTenThousand: 'per 10,000 residents', score: 'points' },
  noData: 'No data',
  none: '—',
  squareMetres: (v) => `${v} m²`,
  progress: { unknown: 'Cannot tell', reached: 'Reached', onTrack: 'On track', behind: 'Behind' },
  sheets: { indicators: 'Indicators', children: 'Areas below', equalization: 'Equalization', notes: 'Notes' },
  indicatorColumns: ['Indicator', 'Unit', 'Urban/rural', 'Value', 'Numerator', 'Denominator', 'Baseline', 'Baseline year', 'Target', 'Target year', 'Gap', 'Needed per year', 'Progress'],
  childColumns: { code: 'Code', name: 'Name', bySplit: (i, s) => `${i} (${s})` },
  equalizationColumns: ['Indicator', 'Urban', 'Rural', 'Urban/rural ratio', 'Urban–rural gap', 'Areas below', 'Mean', 'Coefficient of variation', 'Theil index'],
  notes: {
    header: ['Item', 'Content'],
    area: 'Area',
    period: 'Period',
    asOf: 'Data as of',
    statisticsYear: 'Population statistics year',
    plan: 'Plan',
    computedAt: 'Computed at',
    remark: 'Note',
    generated: 'This area contains generated demo data; it does not describe reality',
    waitsFor: (m) => `No data: waits for the ${m} module to record it`,
  },
  report: {
    title: (a) => `${a}: community service system monitoring report`,
    subtitle: (p, plan) => `Year ${p} · ${plan}`,
    meta: { area: 'Area', plan: 'Plan', year: 'Year', asOf: 'Data as of', statisticsYear: 'Population statistics year', generatedAt: 'Generated at' },
    headings: ['1. Overview', '2. Progress against the plan', '3. Urban and rural, indicator by indicator', '4. Facility coverage of the areas below', '5. Indicators without data'],
    overview: (all, urban, rural, u, r) =>
      `The area has ${all} communities: ${urban} urban and ${rural} rural. Comprehensive facility coverage: urban ${u}, rural ${r}.`,
    generated: 'Note: this area contains generated demo data (population statistics, facilities and more); this report is a demonstration and does not describe reality.',
    progressColumns: ['Indicator', 'Urban/rural', 'Baseline', 'Target', 'Actual', 'Gap', 'Needed per year', 'Progress'],
    notSet: 'Not set',
    progressNote: "The target is the area's own, else the nearest area above's, else the plan's; where the plan gives none it shows “Not set”, for each area to set.",
    equalizationColumns: ['Indicator', 'All', 'Urban', 'Rural', 'Urban/rural ratio', 'Coefficient of variation', 'Theil index'],
    equalizationNote: 'Urban/rural ratio = urban value / rural value; the coefficient of variation and the Theil index (weighted by resident population) measure the differences between the areas below, 0 meaning fully equal.',
    rankingColumns: ['Rank', 'Area', 'Facility coverage', 'Communities with a facility / communities', 'Service-radius population coverage'],
    noDataLine: (i, m) => `${i}: no data yet; computed once the ${m} module is in use.`,
    footer: (a, p) => `Linli · ${a} · monitoring report ${p}`,
  },
};

export const REPORT_TEXT: Record<Language, ReportText> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
