import { lazyPage } from '../../i18n/lazy-page.ts';

/** The care figures panel for the indicators page, loaded (with the care texts) when it is first shown. */
export const LazyCareFiguresPanel = lazyPage(() => import('./CareFiguresPanel.tsx'));
