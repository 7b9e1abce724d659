import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { marketErrorMessage } from './market-errors.ts';

/** A refusal under the form that caused it, read out when it appears. */
export function Refusal({ error, testId }: { error: unknown; testId: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div role="alert" className="market-error" data-testid={testId}>
      {marketErrorMessage(t, error)}
    </div>
  );
}

/**
 * Runs a write, keeping its refusal to show: `run` answers what the write answered (undefined when
 * refused), `tried` whether it went through (for writes that answer nothing).
 */
export function useWrite() {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function attempt<T>(write: () => Promise<T>): Promise<{ value: T } | null> {
    setSaving(true);
    setError(null);
    try {
      return { value: await write() };
    } catch (failure) {
      setError(failure);
      return null;
    } finally {
      setSaving(false);
    }
  }
  const run = async <T,>(write: () => Promise<T>): Promise<T | undefined> => (await attempt(write))?.value;
  const tried = async (write: () => Promise<unknown>): Promise<boolean> => (await attempt(write)) !== null;
  return { saving, error, run, tried };
}
