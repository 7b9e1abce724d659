import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN, type BaseMessages, type FeatureMessages, type Messages } from './locales/zh-CN.ts';

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
 * The catalogs are split in two per language. The base (layout, login, dashboard and the older
 * registers) of the default language ships with the app; the service features' messages
 * (features-<language>.ts) are a chunk of their own that the first page needing them waits for
 * (lazyPage, src/web/src/i18n/lazy-page.ts), so the official's cold dashboard does not carry them.
 * zh-TW and en (base, and features once wanted) load when first chosen, before the switch; all are
 * cached for a year.
 */
const FEATURE_CATALOGS: Record<Language, () => Promise<FeatureMessages>> = {
  'zh-CN': () => import('./locales/features-zh-CN.ts').then((m) => m.featuresZhCN),
  'zh-TW': () => import('./locales/features-zh-TW.ts').then((m) => m.featuresZhTW),
  en: () => import('./locales/features-en.ts').then((m) => m.featuresEn),
};
/** Once a page has wanted the features' messages, every language switched to loads them too. */
let featuresWanted = false;
const featuresIn = new Set<string>();

const asLanguage = (language: string): Language => ((LANGUAGES as readonly string[]).includes(language) ? (language as Language) : 'zh-CN');

/** The service features' messages of a language (the current one by default), loaded once. */
export async function loadFeatureCatalogs(language: string = i18next.language): Promise<void> {
  featuresWanted = true;
  const lng = asLanguage(language);
  if (featuresIn.has(lng)) return;
  // The base first: a language with some messages counts as loaded and would never fetch its base.
  await i18next.loadLanguages(lng);
  const catalog = await FEATURE_CATALOGS[lng]();
  i18next.addResourceBundle(lng, 'translation', catalog, true, true);
  featuresIn.add(lng);
}

/** Switches the language once its messages (and the features', if wanted) are here: no flash of keys. */
export async function switchLanguage(language: Language): Promise<void> {
  if (featuresWanted) await loadFeatureCatalogs(language);
  await i18next.changeLanguage(language);
}

const otherCatalogs = {
  type: 'backend' as const,
  init() {},
  read(language: string, _namespace: string, done: (error: unknown, catalog: BaseMessages | false) => void) {
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
