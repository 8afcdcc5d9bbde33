import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCase } from '../../test/support/cases';
import { TriageDb } from '../store/db';
import { localRepository, type CaseRepository } from '../store/repository';
import { handleStoreRequest, isExtensionPage, parseStoreRequest, remoteRepository, STORE_METHODS } from './store-rpc';

const dbs: TriageDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A background repository and two remote sidebars over a JSON-cloning bus, like runtime messaging. */
function bus() {
  const db = new TriageDb(`rpc-${dbs.length}-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  dbs.push(db);
  const listeners = new Set<(raw: unknown) => void>();
  let n = 0;
  const background = localRepository(db, {
    newId: () => `case-${++n}`,
    onChange: (ch) => listeners.forEach((l) => l(clone({ type: 'store-changed', ...ch }))),
  });
  const remote = (): CaseRepository =>
    remoteRepository({
      send: async (req) => {
        const parsed = parseStoreRequest(clone(req));
        return parsed ? clone(await handleStoreRequest(background, parsed)) : undefined;
      },
      listen: (cb) => {
        listeners.add(cb);
        return () => listeners.delete(cb);
      },
    });
  return { a: remote(), b: remote() };
}

const c = sampleCase();
const req = {
  analysis: {
    findings: c.snapshot.findings,
    subjects: [{ kind: 'identity' as const, id: c.subject.id, verdict: 'escalate' as const, reasons: [] }],
    events: c.snapshot.events,
    eventsOmitted: 0,
  },
  subject: c.subject,
  source: { kind: 'page' as const, label: 'https://x' },
  analyst: 'Ana',
};

describe('the repository over messages', () => {
  it('does what the local one does, and the other sidebar hears which case changed', async () => {
    const { a, b } = bus();
    const heard: (string[] | undefined)[] = [];
    const stop = b.subscribe((ch) => heard.push(ch.caseIds));
    const { id, created } = await a.openCase(req);
    expect(created).toBe(true);
    await a.saveNote(id, 'q-unfamiliar-source', 'note', 'Ana');
    await a.setChecklist(id, 'l1-new-applications', undefined); // undefined crosses as null: unticks
    expect((await b.notesFor(id)).items[0]).toMatchObject({ text: 'note', by: 'Ana' });
    expect((await b.getCase(id)).value?.subject).toEqual(c.subject);
    expect(heard).toEqual([[id], [id], [id]]);
    stop();
    await a.saveNote(id, 'general', 'x', 'Ana');
    expect(heard).toHaveLength(3);
  });

  it('brings the store’s refusal back as an error with its message', async () => {
    const { a } = bus();
    await expect(a.saveNote('no-such-case', 'general', 'text', 'Ana')).rejects.toThrow(
      /there is no case "no-such-case"/,
    );
    await expect(a.setStatus('no-such-case', 'closed', 'Ana')).rejects.toThrow(/no-such-case/);
  });

  it('says the background did not answer instead of failing silently', async () => {
    const dead = remoteRepository({ send: async () => undefined, listen: () => () => undefined });
    await expect(dead.listCases()).rejects.toThrow(/did not answer/);
  });

  it('ends the caller’s task before packing, and packs and sends in two tasks', async () => {
    const order: string[] = [];
    const repo = remoteRepository({
      send: async () => {
        order.push('sent');
        return { ok: true, value: { items: [] } };
      },
      listen: () => () => undefined,
    });
    // An argument that says when it is packed, and queues a task right then.
    const arg = {
      get text() {
        order.push('packed');
        setTimeout(() => order.push('a task queued while packing'), 0);
        return 'x';
      },
    };
    setTimeout(() => order.push('a task queued before the call'), 0);
    const done = repo.saveNote('case-1', 'step', arg as never, 'Ana');
    order.push('the caller goes on');
    await done;
    expect(order).toEqual([
      'the caller goes on',
      'a task queued before the call',
      'packed',
      'a task queued while packing',
      'sent',
    ]);
  });

  it('sends its arguments and gets its answers packed, and a plain request still gets a plain answer', async () => {
    const db = new TriageDb(`rpc-packed-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
    const background = localRepository(db, { newId: () => 'case-1' });
    const seen: { req: unknown; reply: unknown }[] = [];
    const remote = remoteRepository({
      send: async (r) => {
        const parsed = parseStoreRequest(clone(r))!;
        const reply = clone(await handleStoreRequest(background, parsed));
        seen.push({ req: clone(r), reply });
        return reply;
      },
      listen: () => () => undefined,
    });
    const { id } = await remote.openCase(req);
    const back = (await remote.getCase(id)).value!;
    expect(back.snapshot.events).toEqual(c.snapshot.events);
    // On the wire: no plain arguments and no plain value, only their packed forms.
    for (const { req: sentReq, reply } of seen) {
      expect(sentReq).toMatchObject({ args: [], packed: { packed: 1 } });
      expect(reply).toMatchObject({ ok: true, packed: { packed: 1 } });
      expect(reply).not.toHaveProperty('value');
    }
    const plain = await handleStoreRequest(
      background,
      parseStoreRequest({ type: 'store', method: 'getCase', args: [id] })!,
    );
    expect(plain).toMatchObject({ ok: true, value: { value: { id } } });
  });

  it('does not send a case’s events again while the page holds the stored ones', async () => {
    const db = new TriageDb(`rpc-held-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
    const listeners = new Set<(raw: unknown) => void>();
    const background = localRepository(db, {
      newId: () => 'case-1',
      onChange: (ch) => listeners.forEach((l) => l(clone({ type: 'store-changed', ...ch }))),
    });
    const wire: { req: Record<string, unknown>; reply: Record<string, unknown> }[] = [];
    const remote = remoteRepository({
      send: async (r) => {
        const reply = clone(await handleStoreRequest(background, parseStoreRequest(clone(r))!));
        wire.push({ req: clone(r) as Record<string, unknown>, reply: reply as Record<string, unknown> });
        return reply;
      },
      listen: (cb) => {
        listeners.add(cb);
        return () => listeners.delete(cb);
      },
    });
    const lastGetCase = () => wire.filter((w) => w.req.method === 'getCase').at(-1)!;
    const { id } = await remote.openCase(req);
    const first = (await remote.getCase(id)).value!;
    expect(lastGetCase().req).not.toHaveProperty('eventsOf');
    expect(first.snapshot.events.length).toBe(c.snapshot.events.length);

    // An answer: the case is read again, its events are not sent, the page's own are put back.
    await remote.setStatus(id, 'escalated', 'Ana');
    const again = (await remote.getCase(id)).value!;
    expect(lastGetCase().req).toHaveProperty('eventsOf');
    expect(lastGetCase().reply).toMatchObject({ eventsAsBefore: true });
    expect(again.status).toBe('escalated');
    expect(again.snapshot.events).toBe(first.snapshot.events);
    expect(again).toEqual((await background.getCase(id)).value);

    // Other events in the middle (same ends, same time, same count): sent again in full.
    await db.cases.update(id, { 'snapshot.events.1.id': 'ev-swapped' } as never);
    const swapped = (await remote.getCase(id)).value!;
    expect(lastGetCase().reply).not.toHaveProperty('eventsAsBefore');
    expect(swapped.snapshot.events[1]!.id).toBe('ev-swapped');

    // A restore or purge (a change without case ids): the page forgets what it held.
    listeners.forEach((l) => l({ type: 'store-changed' }));
    await remote.getCase(id);
    expect(lastGetCase().req).not.toHaveProperty('eventsOf');
  });

  it('answers a malformed packed request with an error, not a crash', async () => {
    const db = new TriageDb(`rpc-bad-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
    const background = localRepository(db);
    for (const packed of [{ packed: 1, strings: [], root: [9] }, 'x', { packed: 1, strings: [], root: 7 }]) {
      const reply = await handleStoreRequest(background, { type: 'store', method: 'listCases', args: [], packed });
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/could not be read|not a list/) });
    }
  });

  it('accepts only well-formed requests for known methods', () => {
    expect(parseStoreRequest({ type: 'store', method: 'listCases', args: [] })).toBeDefined();
    expect(parseStoreRequest({ type: 'store', method: 'constructor', args: [] })).toBeUndefined();
    expect(parseStoreRequest({ type: 'store', method: 'subscribe', args: [] })).toBeUndefined();
    expect(parseStoreRequest({ type: 'store', method: 'listCases' })).toBeUndefined();
    expect(parseStoreRequest({ type: 'get-state' })).toBeUndefined();
    expect(STORE_METHODS).not.toContain('subscribe');
  });

  it('carries every method of the repository', () => {
    const db = new TriageDb('methods', { indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
    const methods = Object.keys(localRepository(db)).filter((k) => k !== 'subscribe');
    expect([...methods].sort()).toEqual([...STORE_METHODS].sort());
  });

  it('serves extension pages only', () => {
    const base = 'chrome-extension://abc/';
    expect(isExtensionPage('chrome-extension://abc/sidebar.html', base)).toBe(true);
    expect(isExtensionPage('https://us-east-1.console.aws.amazon.com/cloudtrailv2/home', base)).toBe(false);
    expect(isExtensionPage('chrome-extension://other/sidebar.html', base)).toBe(false);
    expect(isExtensionPage(undefined, base)).toBe(false);
  });
});
