import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN, type Messages } from './locales/zh-CN.ts';

export const LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Each language named in itself, for the switch. */
export const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

const STORAGE_KEY = 'linli.language';

export function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  } catch {
    // Storage can be refused (private mode); the default then applies.
  }
  return 'zh-CN';
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered, still switched
  }
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

/**
 * The other catalogs, each its own chunk: the default language ships with the app, zh-TW and en
 * (about 14 kB gzipped each) load when first chosen, before the switch, and are cached for a year.
 */
const otherCatalogs = {
  type: 'backend' as const,
  init() {},
  read(language: string, _namespace: string, done: (error: unknown, catalog: Messages | false) => void) {
    const load =
      language === 'zh-TW'
        ? import('./locales/zh-TW.ts').then((m) => m.zhTW)
        : language === 'en'
          ? import('./locales/en.ts').then((m) => m.en)
          : Promise.resolve(zhCN);
    load.then(
      (catalog) => done(null, catalog),
      (error: unknown) => done(error, false),
    );
  },
};

export async function initI18n(): Promise<typeof i18next> {
  const lng = storedLanguage();
  await i18next.use(otherCatalogs).use(initReactI18next).init({
    lng,
    fallbackLng: 'zh-CN',
    supportedLngs: [...LANGUAGES],
    partialBundledLanguages: true,
    resources: { 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  return i18next;
}

export { i18next };
