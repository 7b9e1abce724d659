/**
 * Indicators and plans: the vocabulary server and web both speak (see docs/indicators.md).
 * An indicator's value is always scale × numerator / denominator, and it travels with both.
 */

export const INDICATOR_CODES = [
  'facility_coverage',
  'floor_area_per_100_households',
  'radius_population_coverage',
  'platform_coverage',
  'social_worker_presence',
  'social_workers_per_10000',
  'community_workers_per_10000_urban',
  'social_work_certificate_share',
  'organizations_per_community',
  'left_behind_visited',
  'requests_on_time',
  'satisfaction',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

export function isIndicatorCode(value: string): value is IndicatorCode {
  return (INDICATOR_CODES as readonly string[]).includes(value);
}

/** Which communities an indicator counts: urban ones, rural ones, or all of them. */
export const SPLITS = ['all', 'urban', 'rural'] as const;
export type Split = (typeof SPLITS)[number];

/**
 * percent: 0–100; squareMetres: m² per 100 households; perCommunity: a count per community;
 * perTenThousand: people per 10,000 residents; score: 0–100.
 */
export const INDICATOR_UNITS = ['percent', 'squareMetres', 'perCommunity', 'perTenThousand', 'score'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

export type Localized = { 'zh-CN': string; 'zh-TW': string; en: string };

export interface IndicatorDefinition {
  code: IndicatorCode;
  name: Localized;
  unit: IndicatorUnit;
  /** value = scale × numerator / denominator (100 for a percentage). */
  scale: number;
  numerator: Localized;
  denominator: Localized;
  higherIsBetter: boolean;
  /** The values a target may take. */
  range: { min: number; max: number | null };
  /** The module whose records feed it. */
  source: 'coverage' | 'accounts' | 'workforce' | 'organizations' | 'care' | 'services' | 'linkage' | 'market';
  /**
   * False while the module that records its data does not exist: every value is then
   * "no data" (null), never 0.
   */
  available: boolean;
}

const L = (zhCN: string, zhTW: string, en: string): Localized => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    code: 'facility_coverage',
    name: L('社区综合服务设施覆盖率', '社區綜合服務設施覆蓋率', 'Comprehensive facility coverage'),
    unit: 'percent',
    scale: 100,
    numerator: L('有运营中综合服务设施的社区数', '有營運中綜合服務設施的社區數', 'communities with an operating comprehensive facility'),
    denominator: L('社区数', '社區數', 'communities'),
    higherIsBetter: true,
    range: { min: 0, max: 100 },
    source: 'coverage',
    available: true,
  },
  {
    code: 'floor_area_per_100_households',
    name: L('每百户居民拥有综合服务设施面积', '每百戶居民擁有綜合服務設施面積', 'Facility floor area per 100 households'),
    unit: 'squareMetres',
    scale: 100,
    numerator: L('运营中综合服务设施建筑面积（平方米）', '營運中綜合服務設施建築面積（平方公尺）', 'floor area of operating comprehensive facilities (m²)'),
    denominator: L('常住户数', '常住戶數', 'resident households'),
    higherIsBetter: true,
    range: { min: 0, max: null },
    source: 'coverage',
    available: true,
  },
  {
    code: 'radius_population_coverage',
    name: L('服务半径人口覆盖率', '服務半徑人口覆蓋率', 'Service-radius population coverage'),
    unit: 'percent',
    scale: 100,
    numerator: L('服务半径内的常住人口', '服務半徑內的常住人口', 'resident population within a facility’s service radius'),
    denominator: L('常住人口', '常住人口', 'resident population'),
    higherIsBetter: true,
    range: { min: 0, max: 100 },
    source: 'coverage',
    available: true,
  },
  {
    code: 'platform_coverage',
    name: L('社区信息平台覆盖率', '社區資訊平台覆蓋率', 'Platform coverage'),
    unit: 'percent',
    scale: 100,
    numerator: L(
      '本期平台提供了服务的社区数（信息服务站点登记了服务，或从该社区提交了服务申请）',
      '本期平台提供了服務的社區數（資訊服務站點登記了服務，或從該社區提交了服務申請）',
      'communities the platform served in the period (services recorded at an information point, or service requests filed from the community)',
    ),
    denominator: L('社区数', '社區數', 'communities'),
    higherIsBetter: true,
    range: { min: 0, max: 100 },
    source: 'market',
    available: true,
  },
  {
    code: 'social_worker_presence',
    name: L('配备社会工作者的社区比例', '配備社會工作者的社區比例', 'Communities with a social worker'),
    unit: 'percent',
    scale: 100,
    numerator: L('至少有一名社会工作者的社区数', '至少有一名社會工作者的社區數', 'communities with at least one social worker'),
    denominator: L('社区数', '社區數', 'communities'),
    higherIsBetter: true,
    range: { min: 0, max: 100 },
    source: 'workforce',
    available: true,
  },
  {
    code: 'social_workers_per_10000',
    name: L('每万常住人口拥有社会工作者人数', '每萬常住人口擁有社會工作者人數', 'Social workers per 10,000 residents'),
    unit: 'perTenThousand',
    scale: 10_000,
    numerator: L('在社区岗位上的社会工作者人数', '在社區崗位上的社會工作者人數', 'social workers in community posts'),
    denominator: L('常住人口', '常住人口', 'resident population'),
    higherIsBetter: true,
    range: { min: 0, max: null },
    source: 'workforce',
    available: true,
  },
  {
    code: 'community_workers_per_10000_urban',
    name: L('每万城镇常住人口拥有社区工作者人数', '每萬城鎮常住人口擁有社區工作者人數', 'Community workers per 10,000 urban residents'),
    unit: 'perTenThousand',
    scale: 10_000,
    numerator: L('城市社区的社区工作者人数', '城市社區的社區工作者人數', 'community workers in urban communities'),
    denominator: L('城市社区常住人口', '城市社區常住人口', 'resident population of urban communities'),
    higherIsBetter: true,
    range: { min: 0, max: null },
    source: 'workforce',
    available: true,
  },
  {
    code: 'social_work_certificate_share',
    name: L('社区工作者中持社会工作者职业资格证书的比例', '社區工作者中持社會工作者職業資格證書的比例', 'Community workers holding a social-work certificate'),
    unit: 'percent',
    scale: 100,
    numerator: L('持社会工作者职业资格证书的社区工作者', '持社會工作者職業資格證書的社區工作者', 'community workers holding a social-work qualification certificate'),
    denominator: L('社区工作者', '社區工作者', 'community workers'),
    higherIsBetter: true,
    range: { min: 0, max: 100 },
    source: 'workforce',
    available: true,
  },
  {
    code: 'organizations_per_community',
    name: L('每社区社区社会组织数', '每社區社區社會組織數', 'Community social organizations per community'),
    unit: 'perCommunity',
    scale: 1,
    numerator: L('社区社会组织数', '社區社會組織數', 'community social organizations'),
    denominator: L('社区数', '社區數', 'communities'),
    higherIsBetter: true,
    range: { min: 0, max: null },
    source: 'organizations',
    available: true,
  },
  {
    code: 'left_behind_visited',
    name: L('留守人员按计划探访率', '留守人員按計畫探訪率', 'Left-behind people visited on schedule'),
    unit: 'percent',
    scale: 100,
    numerator: L('在探访计划间隔内被探访的留守人员', '在探訪計畫間隔內被探訪的留守人員', 'left-behind people visited within their plan’s interval'),
    denominator: L('有探访计划的留守人员', '有探訪計畫的留守人員', 'left-behind people with a visit plan'),
    higherIsBetter: true,
    range: { min: 0, max: 100 },
    source: 'care',
    available: true,
  },
  {
    code: 'requests_on_time',
    name: L('服务事项按时办结率', '服務事項按時辦結率', 'Service requests completed on time'),
    unit: 'percent',
    scale: 100,
    numerator: L('在承诺时限内办结的服务申请', '在承諾時限內辦結的服務申請', 'requests decided within their committed time limit'),
    denominator: L('期内办结的服务申请', '期內辦結的服務申請', 'requests decided in the period'),
    higherIsBetter: true,
    range: { min: 0, max: 100 },
    source: 'services',
    available: true,
  },
  {
    code: 'satisfaction',
    name: L('居民满意度', '居民滿意度', 'Residents’ satisfaction'),
    unit: 'score',
    scale: 1,
    numerator: L('居民评分之和（百分制）', '居民評分之和（百分制）', 'sum of residents’ ratings (0–100)'),
    denominator: L('评分人次', '評分人次', 'ratings'),
    higherIsBetter: true,
    range: { min: 0, max: 100 },
    source: 'services',
    available: true,
  },
];

export const INDICATOR_BY_CODE: ReadonlyMap<IndicatorCode, IndicatorDefinition> = new Map(INDICATORS.map((d) => [d.code, d]));

/** A period: a year ("2025") or a quarter ("2025Q3"). */
export const PERIOD_PATTERN = '^[0-9]{4}(Q[1-4])?$';

export const PLAN_LIMITS = {
  nameMaxLength: 100,
  indicatorsMax: 50,
  yearMin: 2000,
  yearMax: 2100,
  /** A plan covers at most this many years (five-year plans, and a little room). */
  periodMaxYears: 10,
} as const;

// What the API answers: the TypeBox schemas in indicators-api.ts, which the routes validate with;
// their types are named here too for the code that imports them from this file.
export type {
  Dashboard,
  DashboardCard,
  Equalization,
  IndicatorValue,
  IndicatorValues,
  Plan,
  PlanIndicator,
  PlanProgress,
  ProgressItem,
  Target,
} from './indicators-api.ts';
