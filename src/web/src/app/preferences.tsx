import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { rememberLanguage, switchLanguage, type Language } from '../i18n/index.ts';

const ELDER_KEY = 'linli.elderMode';

interface Preferences {
  language: Language;
  setLanguage: (language: Language) => void;
  elderMode: boolean;
  setElderMode: (on: boolean) => void;
}

const PreferencesContext = createContext<Preferences | null>(null);

function storedElderMode(): boolean {
  try {
    return localStorage.getItem(ELDER_KEY) === '1';
  } catch {
    return false;
  }
}

/** Language and elder mode: chosen anywhere, remembered in this browser (localStorage). */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const [elderMode, setElderState] = useState(storedElderMode);
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

  const value = useMemo(() => ({ language, setLanguage, elderMode, setElderMode }), [language, setLanguage, elderMode, setElderMode]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside PreferencesProvider');
  return value;
}
