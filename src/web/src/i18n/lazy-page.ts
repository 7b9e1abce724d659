import { lazy, type ComponentType } from 'react';
import { loadFeatureCatalogs } from './index.ts';

/**
 * A page loaded on demand, rendered once the service features' messages of the current language
 * are here too (fetched beside the page's own chunk, once per language). Pages of the base catalog
 * (login, the dashboard, the layout) use React's lazy and never wait for them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- React.lazy's own constraint
export function lazyPage<T extends ComponentType<any>>(load: () => Promise<{ default: T }>) {
  return lazy(() => Promise.all([load(), loadFeatureCatalogs()]).then(([page]) => page));
}
