/**
 * jsdom has no layout APIs; Fluent UI (the Entra and Azure replicas) only needs them to exist.
 * Call once per test file that renders a Fluent replica.
 */
export function installLayoutShims(): void {
  const g = globalThis as Record<string, unknown>;
  g.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
  if (!window.matchMedia) {
    window.matchMedia = (q: string) =>
      ({
        matches: false,
        media: q,
        onchange: null,
        addListener() {},
        removeListener() {},
        addEventListener() {},
        removeEventListener() {},
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
}
