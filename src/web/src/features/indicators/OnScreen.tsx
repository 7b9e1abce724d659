import { Suspense, useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Renders its children (typically a lazy component) once their place has come near the screen,
 * and a box of the same class until then and while they load. The dashboard's map and trend
 * chart sit below its first screen and need ECharts (about 190 kB gzipped, the largest part of
 * the app): a cold load of the dashboard does not pay for them until the user scrolls to them.
 * The placeholder carries the test id of what replaces it, so a test (or a user's script) can
 * scroll to it. Once shown, the children stay.
 */
export function OnScreen({ children, className, testId, margin = 200 }: { children: ReactNode; className: string; testId?: string; margin?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');

  useEffect(() => {
    if (near) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setNear(true);
    }, { rootMargin: `${margin}px 0px` });
    observer.observe(box.current!);
    return () => observer.disconnect();
  }, [near, margin]);

  const placeholder = <div ref={box} className={className} data-testid={testId} aria-busy="true" />;
  if (!near) return placeholder;
  return <Suspense fallback={placeholder}>{children}</Suspense>;
}
