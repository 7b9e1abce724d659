import type { FacilityKind } from '../../../contracts/facilities.ts';
import type { Language } from '../../../contracts/language.ts';
import type { SitingModel } from '../../../contracts/planning.ts';

const KINDS: Record<Language, Record<FacilityKind, string>> = {
  'zh-CN': {
    comprehensive: '综合服务设施',
    elderlyDayCare: '日间照料中心',
    childrenHome: '儿童之家',
    healthStation: '卫生服务站',
    cultureSports: '文体活动场所',
    serviceWindow: '便民服务窗口',
    infoPoint: '信息服务站点',
    other: '其他设施',
  },
  'zh-TW': {
    comprehensive: '綜合服務設施',
    elderlyDayCare: '日間照料中心',
    childrenHome: '兒童之家',
    healthStation: '衛生服務站',
    cultureSports: '文體活動場所',
    serviceWindow: '便民服務窗口',
    infoPoint: '資訊服務站點',
    other: '其他設施',
  },
  en: {
    comprehensive: 'community service centre',
    elderlyDayCare: 'elderly day-care centre',
    childrenHome: "children's home",
    healthStation: 'health station',
    cultureSports: 'culture and sports venue',
    serviceWindow: 'service window',
    infoPoint: 'information point',
    other: 'facility',
  },
};

const MODELS: Record<Language, Record<SitingModel, string>> = {
  'zh-CN': { mclp: '最大覆盖', lscp: '最少设施全覆盖', pmedian: '最短总距离' },
  'zh-TW': { mclp: '最大覆蓋', lscp: '最少設施全覆蓋', pmedian: '最短總距離' },
  en: { mclp: 'maximal covering', lscp: 'fewest facilities', pmedian: 'shortest distance' },
};

/** The name a siting scenario gets when its maker gives none, in the maker's language (the area keeps its registered name). */
export function scenarioName(language: Language, areaName: string, kind: FacilityKind, model: SitingModel): string {
  const k = KINDS[language][kind];
  const m = MODELS[language][model];
  if (language === 'en') return `${areaName}: ${k} siting (${m})`;
  return language === 'zh-TW' ? `${areaName}${k}選址（${m}）` : `${areaName}${k}选址（${m}）`;
}
