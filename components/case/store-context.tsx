/**
 * The store as the sidebar's views see it: the opened database (or why it could not be opened),
 * the analyst's name, and live hooks over lib/store's watchers. A case or its notes changed in
 * another tab re-render here without polling (Dexie's cross-page change notices).
 */
import { createContext, useContext, useEffect, useState } from 'react';
import type { Case, Note } from '../../lib/model/case';
import { CaseStore, NoteStore, watchCase, watchCases, watchNotes, type ReadProblem, type TriageDb } from '../../lib/store';

export interface StoreHandle {
  db: TriageDb;
  cases: CaseStore;
  notes: NoteStore;
}

export type StoreState = { status: 'opening' } | { status: 'open'; store: StoreHandle } | { status: 'error'; message: string };

export interface StoreContextValue {
  state: StoreState;
  analyst: string;
  setAnalyst(name: string): void;
}

export const StoreContext = createContext<StoreContextValue>({ state: { status: 'opening' }, analyst: '', setAnalyst: () => undefined });

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

function useLive<T>(initial: T, subscribe: ((set: (v: T, problems: ReadProblem[]) => void, fail: (e: unknown) => void) => () => void) | undefined, deps: unknown[]): Live<T> {
  const [live, setLive] = useState<Live<T>>({ value: initial, problems: [], loaded: false });
  useEffect(() => {
    if (!subscribe) return;
    return subscribe(
      (value, problems) => setLive({ value, problems, loaded: true }),
      (e) => setLive((l) => ({ ...l, loaded: true, error: e instanceof Error ? e.message : String(e) })),
    );
  }, deps);
  return live;
}

export function useCases(store: StoreHandle | undefined): Live<Case[]> {
  return useLive<Case[]>([], store && ((set, fail) => watchCases(store.db, (r) => set(r.items, r.problems), fail)), [store]);
}

export function useCase(store: StoreHandle | undefined, id: string): Live<Case | undefined> {
  return useLive<Case | undefined>(undefined, store && ((set, fail) => watchCase(store.db, id, (r) => set(r.value, r.problems), fail)), [store, id]);
}

export function useNotes(store: StoreHandle | undefined, caseId: string): Live<Record<string, Note>> {
  return useLive<Record<string, Note>>(
    {},
    store && ((set, fail) => watchNotes(store.db, caseId, (r) => set(Object.fromEntries(r.items.map((n) => [n.stepId, n])), r.problems), fail)),
    [store, caseId],
  );
}
