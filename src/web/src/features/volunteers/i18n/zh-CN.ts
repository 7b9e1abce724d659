// The volunteers pages' messages in Simplified Chinese (the source); zh-TW.ts and en.ts have the same keys,
// checked by the type of the app catalogs in src/web/src/i18n/locales, which hold them under `volunteers`.
export const volunteersZhCN = {
  title: '志愿服务与时间银行',
};
