/**
 * The store as the sidebar's views see it: the case repository (lib/store/repository.ts; in the
 * extension the background's, over messages), the analyst's name, and live hooks that read
 * again whenever the repository says something changed (here, in another tab, or a restore).
 */
import { createContext, useContext, useEffect, useState } from 'react';
import type { Case, Note } from '../../lib/model/case';
import type { ReadProblem } from '../../lib/store/errors';
import type { CaseRepository, StoreChange } from '../../lib/store/repository';

export type StoreState =
  { status: 'opening' } | { status: 'open'; repo: CaseRepository } | { status: 'error'; message: string };

export interface StoreContextValue {
  state: StoreState;
  analyst: string;
  setAnalyst(name: string): void;
}

export const StoreContext = createContext<StoreContextValue>({
  state: { status: 'opening' },
  analyst: '',
  setAnalyst: () => undefined,
});

export function useStore(): StoreContextValue {
  return useContext(StoreContext);
}

/** Who the analyst's actions are recorded as. */
export function analystOrDefault(name: string): string {
  return name.trim() || 'analyst';
}

export interface Live<T> {
  value: T;
  problems: ReadProblem[];
  loaded: boolean;
  error?: string;
}

/**
 * Reads with `read` now and again after every change `concerns` (default: all). Reads that
 * overlap resolve in order: a slow older read never replaces a newer one.
 */
function useLive<T>(
  repo: CaseRepository | undefined,
  initial: T,
  read: (repo: CaseRepository) => Promise<{ value: T; problems: ReadProblem[] }>,
  key: string,
  concerns: (change: StoreChange) => boolean = () => true,
): Live<T> {
  const [live, setLive] = useState<Live<T>>({ value: initial, problems: [], loaded: false });
  useEffect(() => {
    if (!repo) return;
    setLive({ value: initial, problems: [], loaded: false }); // another case: never show the last one's
    let latest = 0;
    let gone = false;
    const load = () => {
      const n = ++latest;
      read(repo).then(
        (r) => !gone && n === latest && setLive({ value: r.value, problems: r.problems, loaded: true }),
        // a failed read keeps the last good value on screen, with the error beside it
        (e: unknown) =>
          !gone &&
          n === latest &&
          setLive((l) => ({ ...l, loaded: true, error: e instanceof Error ? e.message : String(e) })),
      );
    };
    const unsubscribe = repo.subscribe((change) => {
      if (concerns(change)) load();
    });
    load();
    return () => {
      gone = true;
      unsubscribe();
    };
    // `read` and `concerns` are keyed by `key`
  }, [repo, key]);
  return live;
}

/** A change concerns a view of case `id` (any case when absent) and of `kind` (both when absent). */
const about = (kind: 'case' | 'notes', id?: string) => (change: StoreChange) =>
  (!change.kind || change.kind === kind) && (id === undefined || !change.caseIds || change.caseIds.includes(id));

export function useCases(repo: CaseRepository | undefined): Live<Case[]> {
  return useLive<Case[]>(
    repo,
    [],
    async (r) => {
      const x = await r.listCases();
      return { value: x.items, problems: x.problems };
    },
    'cases',
    about('case'),
  );
}

export function useCase(repo: CaseRepository | undefined, id: string): Live<Case | undefined> {
  return useLive<Case | undefined>(repo, undefined, (r) => r.getCase(id), `case:${id}`, about('case', id));
}

export function useNotes(repo: CaseRepository | undefined, caseId: string): Live<Record<string, Note>> {
  return useLive<Record<string, Note>>(
    repo,
    {},
    async (r) => {
      const x = await r.notesFor(caseId);
      return { value: Object.fromEntries(x.items.map((n) => [n.stepId, n])), problems: x.problems };
    },
    `notes:${caseId}`,
    about('notes', caseId),
  );
}
