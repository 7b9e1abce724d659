import { useCallback, useEffect, useState } from 'react';
import type { FormInstance } from 'antd';

const PREFIX = 'linli.draft.';

/**
 * Keeps what a person typed into a form in sessionStorage until it is sent, so an expired
 * session (which sends them to the login page and back) or a reload loses nothing.
 * Passwords are never kept: list them in `exclude`.
 */
export function useFormDraft<T extends object>(key: string, form: FormInstance<T>, exclude: readonly string[] = ['password']) {
  const storageKey = PREFIX + key;
  const [restored, setRestored] = useState(false);

  const read = useCallback((): Partial<T> | null => {
    try {
      const raw = sessionStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as Partial<T>) : null;
    } catch {
      return null;
    }
  }, [storageKey]);

  /** Put the saved draft back into the form; true when there was one. */
  const restore = useCallback((): boolean => {
    const draft = read();
    if (!draft) return false;
    form.setFieldsValue(draft as never);
    setRestored(true);
    return true;
  }, [form, read]);

  /** Call from the form's onValuesChange. */
  const save = useCallback(
    (_changed: unknown, all: T) => {
      const kept = Object.fromEntries(Object.entries(all).filter(([name, value]) => !exclude.includes(name) && value !== undefined));
      try {
        sessionStorage.setItem(storageKey, JSON.stringify(kept));
      } catch {
        // storage full or refused: the draft is simply not kept
      }
    },
    [storageKey, exclude],
  );

  const clear = useCallback(() => {
    sessionStorage.removeItem(storageKey);
    setRestored(false);
  }, [storageKey]);

  return { restore, save, clear, restored, hasDraft: () => read() !== null };
}

/** The same for a plain state value (filters, search text). */
export function useSessionState<T>(key: string, initial: T): [T, (value: T) => void] {
  const storageKey = PREFIX + key;
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = sessionStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as T) : initial;
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(value));
    } catch {
      // not kept
    }
  }, [storageKey, value]);
  return [value, setValue];
}
