import type { Locale } from 'antd/es/locale';
import zhCN from 'antd/locale/zh_CN';
import zhTW from 'antd/locale/zh_TW';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import type { Language } from '../i18n/index.ts';

const ANTD: Record<Language, Locale> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en: enUS };
const DAYJS: Record<Language, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };

/** Ant Design's own texts (pagination, date pickers, empty states) follow the chosen language. */
export function antdLocaleOf(language: Language): Locale {
  dayjs.locale(DAYJS[language] ?? 'zh-cn');
  return ANTD[language] ?? zhCN;
}
