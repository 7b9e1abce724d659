import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { rememberLanguage, switchLanguage, type Language } from '../i18n/index.ts';

const ELDER_KEY = 'linli.elderMode';

interface Preferences {
  language: Language;
  setLanguage: (language: Language) => void;
  elderMode: boolean;
  setElderMode: (on: boolean) => void;
  /** The system asks for less motion (prefers-reduced-motion): no sliding, fading or zooming. */
  reducedMotion: boolean;
}

const PreferencesContext = createContext<Preferences | null>(null);

function storedElderMode(): boolean {
  try {
    return localStorage.getItem(ELDER_KEY) === '1';
  } catch {
    return false;
  }
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

function systemReducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(REDUCED_MOTION).matches;
}

/** Language and elder mode: chosen anywhere, remembered in this browser (localStorage). */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const [elderMode, setElderState] = useState(storedElderMode);
  const [reducedMotion, setReducedMotion] = useState(systemReducedMotion);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(REDUCED_MOTION);
    const changed = () => setReducedMotion(query.matches);
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);
  const language = i18n.language as Language;

  useEffect(() => {
    document.documentElement.classList.toggle('elder', elderMode);
  }, [elderMode]);

  const setLanguage = useCallback(
    (next: Language) => {
      rememberLanguage(next);
      void switchLanguage(next);
    },
    [],
  );
  const setElderMode = useCallback((on: boolean) => {
    try {
      localStorage.setItem(ELDER_KEY, on ? '1' : '0');
    } catch {
      // not remembered, still switched
    }
    setElderState(on);
  }, []);

  const value = useMemo(() => ({ language, setLanguage, elderMode, setElderMode, reducedMotion }), [language, setLanguage, elderMode, setElderMode, reducedMotion]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside PreferencesProvider');
  return value;
}
