import { useEffect, useState } from 'react';

/** Below this width (px) registers show cards instead of tables: a 360 px phone has room for one column of text. */
export const PHONE_MAX_WIDTH = 599;
/** Below this width the menu moves from the side into a drawer opened from the header (Ant Design's `md`). */
export const NARROW_MAX_WIDTH = 767;

function matches(query: string): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
}

/** Whether a CSS media query matches now, kept up to date as the window changes (read at first render: no flash of the wrong layout). */
export function useMediaQuery(query: string): boolean {
  const [on, setOn] = useState(() => matches(query));
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setOn(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return on;
}

export const usePhone = () => useMediaQuery(`(max-width: ${PHONE_MAX_WIDTH}px)`);
export const useNarrow = () => useMediaQuery(`(max-width: ${NARROW_MAX_WIDTH}px)`);
