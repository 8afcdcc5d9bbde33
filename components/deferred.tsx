/**
 * A component whose code is a chunk of its own (issue 11: the sidebar's first paint needs only
 * the page tab). Unlike React.lazy, once the chunk is in (`preload`, called after the first
 * paint) it renders at once: no suspension, so no fallback and no Suspense reveal throttle
 * (~300 ms) between a click ("Open a case", a tab) and the view it opens. Until then it shows
 * `fallback`; a chunk that fails to load says so (the extension was updated or removed).
 */
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';

export interface Deferred<P> {
  Component: ComponentType<P>;
  /** Starts loading the chunk (once; again after a failure). */
  preload(): Promise<void>;
}

export function deferred<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: ReactNode = null,
): Deferred<P> {
  let Loaded: ComponentType<P> | undefined;
  let pending: Promise<void> | undefined;
  const preload = (): Promise<void> =>
    (pending ??= load().then(
      (c) => {
        Loaded = c;
      },
      (e: unknown) => {
        pending = undefined;
        throw e;
      },
    ));
  function DeferredComponent(props: P) {
    const [, setLoaded] = useState(Loaded !== undefined);
    const [failed, setFailed] = useState<string>();
    useEffect(() => {
      if (Loaded) return;
      let live = true;
      preload().then(
        () => live && setLoaded(true),
        (e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)),
      );
      return () => {
        live = false;
      };
    }, []);
    if (Loaded) return <Loaded {...props} />;
    if (failed)
      return (
        <p className="error" role="alert">
          This view could not be loaded ({failed}). Reload the console page.
        </p>
      );
    return <>{fallback}</>;
  }
  return { Component: DeferredComponent, preload };
}
