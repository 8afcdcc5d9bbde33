// @vitest-environment jsdom
// components/deferred.tsx: a chunk-loaded component that, once loaded, renders at once.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { deferred } from './deferred';

afterEach(cleanup);

function Hello({ name }: { name: string }) {
  return <p>Hello {name}</p>;
}

describe('deferred components', () => {
  it('shows the fallback until the chunk is in, then the component; once loaded, a new mount renders it at once', async () => {
    let resolve!: (c: typeof Hello) => void;
    let loads = 0;
    const d = deferred(
      () => {
        loads++;
        return new Promise<typeof Hello>((r) => (resolve = r));
      },
      <p>Loading…</p>,
    );
    const first = render(<d.Component name="ada" />);
    expect(screen.getByText('Loading…')).toBeTruthy();
    await act(async () => resolve(Hello));
    expect(screen.getByText('Hello ada')).toBeTruthy();
    expect(screen.queryByText('Loading…')).toBeNull();
    first.unmount();
    render(<d.Component name="bob" />);
    expect(screen.getByText('Hello bob')).toBeTruthy(); // the first render, no fallback in between
    expect(loads).toBe(1);
  });

  it('preload loads the chunk once, before any mount', async () => {
    let loads = 0;
    const d = deferred(async () => {
      loads++;
      return Hello;
    });
    await Promise.all([d.preload(), d.preload()]);
    render(<d.Component name="cy" />);
    expect(screen.getByText('Hello cy')).toBeTruthy();
    expect(loads).toBe(1);
  });

  it('says what to do when the chunk cannot be loaded, and tries again on the next preload', async () => {
    let fail = true;
    const d = deferred(() => (fail ? Promise.reject(new Error('chunk gone')) : Promise.resolve(Hello)));
    render(<d.Component name="dee" />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This view could not be loaded (chunk gone). Reload the console page.',
    );
    fail = false;
    await d.preload();
    cleanup();
    render(<d.Component name="dee" />);
    expect(screen.getByText('Hello dee')).toBeTruthy();
  });
});
