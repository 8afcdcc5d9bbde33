// @vitest-environment jsdom
/**
 * The case flow in the sidebar's views over a real Dexie store (fake-indexeddb) reached the way
 * the extension reaches it (through the background's repository, over a message bus): open a case
 * from an identity, answer a question, tick steps, decide, write notes (stored within 500 ms),
 * a second "tab" on the same store follows along, and the export shows what was written.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sidebar } from '../Sidebar';
import { StoreContext } from './store-context';
import { TriageDb } from '../../lib/store';
import { localRepository, type CaseRepository } from '../../lib/store/repository';
import { handleStoreRequest, parseStoreRequest, remoteRepository } from '../../lib/messaging/store-rpc';
import { analyseRecords } from '../../lib/analysis/analyse';
import type { TabView } from '../../lib/messaging/tab-state';
import { playbookItems, T1550_001 } from '../../lib/playbook/t1550-001';

const lines = readFileSync(join(process.cwd(), 'demo/cloudtrail-stolen-keys.ndjson'), 'utf8')
  .split('\n')
  .filter(Boolean);
const analysis = analyseRecords(lines.map((l, i) => ({ value: JSON.parse(l) as unknown, ref: `0/row-${i}` })));
const view: TabView = {
  tabId: 1,
  pages: [
    {
      frameId: 0,
      url: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home#/events',
      readerId: 'aws',
      readerTitle: 'CloudTrail',
      recognized: true,
      rows: lines.length,
    },
  ],
  selectionRecords: 0,
  analysis,
};
const ALICE = 'arn:aws:iam::111122223333:user/alice';

const dbs: TriageDb[] = [];
afterEach(() => {
  cleanup();
  dbs.splice(0).forEach((d) => d.close());
});

let seq = 0;
/**
 * A background (localRepository over its own database) and `tabs` sidebars talking to it the
 * way the extension's do: requests and change notices through a message bus (JSON-cloned, like
 * runtime messaging), answered by handleStoreRequest.
 */
function extension(tabs: number): CaseRepository[] {
  const db = new TriageDb(`flow-${++seq}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  dbs.push(db);
  const listeners = new Set<(raw: unknown) => void>();
  const background = localRepository(db, {
    newId: () => `case-${++seq}`,
    onChange: (change) => listeners.forEach((l) => l(JSON.parse(JSON.stringify({ type: 'store-changed', ...change })))),
  });
  return Array.from({ length: tabs }, () =>
    remoteRepository({
      send: async (req) => {
        const parsed = parseStoreRequest(JSON.parse(JSON.stringify(req)));
        return parsed ? JSON.parse(JSON.stringify(await handleStoreRequest(background, parsed))) : undefined;
      },
      listen: (cb) => {
        listeners.add(cb);
        return () => listeners.delete(cb);
      },
    }),
  );
}

function renderSidebar(repo: CaseRepository, initialCaseId?: string) {
  return render(
    <StoreContext.Provider
      value={{ state: { status: 'open', repo }, analyst: 'Ana Lyst', setAnalyst: () => undefined }}
    >
      <Sidebar
        view={view}
        importState={{ status: 'idle' }}
        onEvidence={() => undefined}
        onFile={() => undefined}
        onText={() => undefined}
        initialCaseId={initialCaseId}
        onOpenCase={async (subject, a, source) =>
          (await repo.openCase({ analysis: a, subject, source, analyst: 'Ana Lyst' })).id
        }
      />
    </StoreContext.Provider>,
  );
}

const openAlice = (repo: CaseRepository) =>
  repo.openCase({
    analysis,
    subject: { kind: 'identity', id: ALICE },
    source: { kind: 'page', label: 'x' },
    analyst: 'Ana',
  });

describe('the case flow', () => {
  it('opens a case from an identity and walks the playbook with every sentence shown', async () => {
    const [store] = extension(1);
    const { container } = renderSidebar(store!);
    fireEvent.click(screen.getByRole('button', { name: `Open a case for ${ALICE}` }));
    await screen.findByRole('heading', { name: `Identity ${ALICE}` });
    const text = container.textContent ?? '';
    for (const item of playbookItems()) expect(text).toContain(item.text);
    for (const v of [T1550_001.tactic, T1550_001.name, T1550_001.ttp]) expect(text).toContain(v);
    // the containment commands carry the case's values
    expect(text).toContain('AKIAEXAMPLEALICE0001');

    const [c] = (await store!.listCases()).items;
    expect(c!.subject).toEqual({ kind: 'identity', id: ALICE });

    // answer the first question: confirm the engine's answer
    const q1 = container.querySelector<HTMLElement>('[data-step="q-unfamiliar-source"]')!;
    fireEvent.click(within(q1).getByRole('button', { name: 'Confirm' }));
    await waitFor(async () =>
      expect((await store!.getCase(c!.id)).value?.answers['q-unfamiliar-source']).toMatchObject({
        confirmed: true,
        by: 'Ana Lyst',
      }),
    );
    await within(q1).findByText(/confirmed\) by Ana Lyst/);

    // tick an L1 step
    const l1 = container.querySelector<HTMLElement>('[data-step="l1-correlate-logins"]')!;
    fireEvent.click(within(l1).getAllByRole('checkbox')[0]!);
    await waitFor(async () =>
      expect((await store!.getCase(c!.id)).value?.checklist['l1-correlate-logins']?.state).toBe('done'),
    );

    // decide to escalate: the status follows
    fireEvent.click(screen.getByRole('radio', { name: 'Escalate to Tier 2' }));
    await waitFor(async () =>
      expect((await store!.getCase(c!.id)).value).toMatchObject({
        decision: { choice: 'escalate' },
        status: 'escalated',
      }),
    );
  });

  it('the table of contents counts answers and steps, and reaches a folded section in one click', async () => {
    const [store] = extension(1);
    const c = await openAlice(store!);
    const { container } = renderSidebar(store!, c.id);
    const toc = await screen.findByRole('navigation', { name: 'Case contents' });
    const questions = T1550_001.questions.length;
    const steps =
      T1550_001.logSources.length +
      T1550_001.keyIndicators.length +
      T1550_001.l1Steps.length +
      T1550_001.t2Actions.length +
      T1550_001.containment.length;
    expect(toc.textContent).toContain(`Questions answered 0 of ${questions}`);
    expect(toc.textContent).toContain(`Steps done 0 of ${steps}`);
    fireEvent.click(
      within(container.querySelector<HTMLElement>('[data-step="q-unfamiliar-source"]')!).getByRole('button', {
        name: 'Confirm',
      }),
    );
    fireEvent.click(
      within(container.querySelector<HTMLElement>('[data-step="l1-correlate-logins"]')!).getAllByRole('checkbox')[0]!,
    );
    await waitFor(() => expect(toc.textContent).toContain(`Questions answered 1 of ${questions}`));
    await waitFor(() => expect(toc.textContent).toContain(`Steps done 1 of ${steps}`));

    // fold the decision: its body is hidden (still mounted), its heading button says so
    const head = container.querySelector<HTMLButtonElement>('button#sec-decision')!;
    expect(head.textContent).toContain('Decision for Escalation');
    fireEvent.click(head);
    expect(head.getAttribute('aria-expanded')).toBe('false');
    expect(container.querySelector<HTMLElement>('#sec-decision-body')!.hidden).toBe(true);
    // one click in the contents opens it again, scrolls to it and moves the focus there
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    }; // jsdom has no layout
    fireEvent.click(within(toc).getByRole('button', { name: 'Decision' }));
    await waitFor(() => expect(head.getAttribute('aria-expanded')).toBe('true'));
    await waitFor(() => expect(document.activeElement).toBe(head));
    expect(scrolled).toEqual([head]);
    expect(container.querySelector<HTMLElement>('#sec-decision-body')!.hidden).toBe(false);
  });

  it('saves a note within 500 ms of typing, and a second tab shows it', async () => {
    const [a, b] = extension(2) as [CaseRepository, CaseRepository];
    const opened = await openAlice(a);
    const tabA = renderSidebar(a, opened.id);
    const tabB = renderSidebar(b, opened.id);
    await waitFor(() =>
      expect(tabA.container.querySelector('[data-step="q-unfamiliar-source"] textarea')).not.toBeNull(),
    );
    await waitFor(() =>
      expect(tabB.container.querySelector('[data-step="q-unfamiliar-source"] textarea')).not.toBeNull(),
    );
    const areaA = tabA.container.querySelector<HTMLTextAreaElement>('[data-step="q-unfamiliar-source"] textarea')!;
    // (the 500 ms bound itself is NoteSaver's, proven with fake timers in lib/store/notes.test.ts)
    fireEvent.change(areaA, { target: { value: 'VPS in NL, not our egress' } });
    await waitFor(async () =>
      expect((await a.notesFor(opened.id)).items.find((n) => n.stepId === 'q-unfamiliar-source')?.text).toBe(
        'VPS in NL, not our egress',
      ),
    );
    const areaB = tabB.container.querySelector<HTMLTextAreaElement>('[data-step="q-unfamiliar-source"] textarea')!;
    await waitFor(() => expect(areaB.value).toBe('VPS in NL, not our egress'));

    // the Markdown export (built when opened) shows the note
    expect(tabA.container.querySelector('.export-preview')).toBeNull();
    const exportPanel = tabA.container.querySelector<HTMLDetailsElement>('details.export')!;
    exportPanel.open = true;
    fireEvent(exportPanel, new Event('toggle'));
    await waitFor(() =>
      expect(tabA.container.querySelector('.export-preview')?.textContent).toContain('VPS in NL, not our egress'),
    );
  });

  it('a note typed and the view closed at once is still stored (flushed on unmount)', async () => {
    const [store] = extension(1) as [CaseRepository];
    const opened = await openAlice(store);
    const r = renderSidebar(store, opened.id);
    await waitFor(() => expect(r.container.querySelector('[data-step="general"], .note-text')).not.toBeNull());
    const general = screen.getByLabelText('Anything else for the ticket');
    fireEvent.change(general, { target: { value: 'closing the tab now' } });
    await act(async () => {
      r.unmount();
    });
    await waitFor(async () =>
      expect((await store.notesFor(opened.id)).items.find((n) => n.stepId === 'general')?.text).toBe(
        'closing the tab now',
      ),
    );
  });
});
