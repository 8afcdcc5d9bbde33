import { gzipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_READ_LIMITS,
  type ReadLimits,
  type RecordItem,
  TooLargeError,
  chunksOf,
  csvColumnName,
  readRecords,
  splitRecordsText,
} from './read-records';

async function read(data: string | Uint8Array, chunk = 7) {
  const items: RecordItem[] = [];
  const summary = await readRecords(chunksOf(data, chunk), 'f.log', (i) => items.push(i));
  return { items, summary };
}
const values = (items: RecordItem[]) => items.filter((i) => i.ok).map((i) => (i as { value: unknown }).value);

describe('readRecords', () => {
  it('streams NDJSON line by line, numbering lines from 1 and skipping blank lines', async () => {
    const { items, summary } = await read('{"a":1}\n\n{"a":2}\r\n{"a":3}');
    expect(summary.container).toBe('ndjson');
    expect(values(items)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(items.map((i) => i.ref)).toEqual(['f.log:1', 'f.log:3', 'f.log:4']);
  });

  it('rejects a broken NDJSON line with its line number and keeps the others', async () => {
    const { items } = await read('{"a":1}\n{"a":\n{"a":3}\n');
    expect(values(items)).toEqual([{ a: 1 }, { a: 3 }]);
    const bad = items.find((i) => !i.ok) as { ref: string; reason: string };
    expect(bad.ref).toBe('f.log:2');
    expect(bad.reason).toMatch(/^not valid JSON/);
  });

  it('unwraps CloudTrail Records, Graph value (with BOM and @odata keys) and Reports API items', async () => {
    expect(values((await read('{"Records":[{"eventName":"A"},{"eventName":"B"}]}')).items)).toEqual([
      { eventName: 'A' },
      { eventName: 'B' },
    ]);
    const graph = '\uFEFF{\n  "@odata.context": "x",\n  "value": [\n    {"id": "1"},\n    {"id":  "2"}\n  ]\n}';
    const g = await read(graph);
    expect(values(g.items)).toEqual([{ id: '1' }, { id: '2' }]);
    expect(g.items.map((i) => i.ref)).toEqual(['f.log#0', 'f.log#1']);
    expect(values((await read('{"kind":"admin#reports#activities","items":[{"id":{}}]}')).items)).toEqual([{ id: {} }]);
  });

  it('keeps a record that merely has a `value` field next to others as one record', async () => {
    expect(values((await read('{"name":"x","value":[1,2]}')).items)).toEqual([{ name: 'x', value: [1, 2] }]);
  });

  it('reads a JSON array with a BOM, and a pretty-printed single object', async () => {
    expect(values((await read('\uFEFF[\n {"a": 1},\n {"a": 2}\n]')).items)).toEqual([{ a: 1 }, { a: 2 }]);
    const one = await read('{\n  "uuid": "u1",\n  "eventType": "user.session.start"\n}\n');
    expect(one.summary.container).toBe('json');
    expect(values(one.items)).toEqual([{ uuid: 'u1', eventType: 'user.session.start' }]);
    expect(one.items[0]!.ref).toBe('f.log');
  });

  it('turns Log Analytics query API tables into records keyed by column', async () => {
    const doc = JSON.stringify({
      tables: [
        {
          name: 'PrimaryResult',
          columns: [{ name: 'TimeGenerated' }, { name: 'UserPrincipalName' }],
          rows: [['2026-01-01T00:00:00Z', 'a@b.c']],
        },
      ],
    });
    expect(values((await read(doc)).items)).toEqual([
      { TimeGenerated: '2026-01-01T00:00:00Z', UserPrincipalName: 'a@b.c', Type: undefined },
    ]);
  });

  it('reads CSV with quoted fields holding JSON and newlines, numbering rows from line 2', async () => {
    const csv =
      'Event ID,Event name,CloudTrail event\r\n1,ListBuckets,"{""eventName"":""ListBuckets""}"\r\n2,"Get\nObject",\r\n';
    const { items, summary } = await read(csv);
    expect(summary.container).toBe('csv');
    expect(values(items)).toEqual([
      { 'Event ID': '1', 'Event name': 'ListBuckets', 'CloudTrail event': '{"eventName":"ListBuckets"}' },
      { 'Event ID': '2', 'Event name': 'Get\nObject', 'CloudTrail event': '' },
    ]);
    expect(items.map((i) => i.ref)).toEqual(['f.log:2', 'f.log:3']);
  });

  it('names Log Analytics time columns as their table does: "TimeGenerated [UTC]" is TimeGenerated', async () => {
    const csv =
      '\uFEFFTimeGenerated [UTC],OperationNameValue,Claims\r\n"3/3/2026, 9:15:02.123 AM",X/write,"{""uti"":""a""}"\r\n';
    expect(values((await read(csv)).items)).toEqual([
      { TimeGenerated: '3/3/2026, 9:15:02.123 AM', OperationNameValue: 'X/write', Claims: '{"uti":"a"}' },
    ]);
    expect(csvColumnName('Date (UTC)')).toBe('Date (UTC)');
    expect(csvColumnName('CreatedDateTime [UTC] ')).toBe('CreatedDateTime');
  });

  it('gunzips, including across chunk boundaries and concatenated members', async () => {
    const a = gzipSync(new TextEncoder().encode('{"a":1}\n'));
    const b = gzipSync(new TextEncoder().encode('{"a":2}\n'));
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    const { items, summary } = await read(both, 5);
    expect(summary.gzip).toBe(true);
    expect(values(items)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('says what an unreadable file is instead of guessing', async () => {
    const { items, summary } = await read('hello world\nthis is not a log\n');
    expect(summary.container).toBe('unknown');
    expect(items).toEqual([{ ok: false, ref: 'f.log', reason: expect.stringMatching(/neither JSON, NDJSON nor CSV/) }]);
    expect((await read('   \n')).summary.container).toBe('empty');
    expect((await read('[1, 2')).items[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not valid JSON/),
    });
  });

  it('never throws on any byte string, and every item is a record or a reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 64 }), async (bytes, chunk) => {
        const { items } = await read(bytes, chunk);
        for (const i of items) {
          expect(i.ref.length).toBeGreaterThan(0);
          if (!i.ok) expect(i.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads any JSON value written as NDJSON or as a document, without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 6 }), fc.boolean(), async (vals, asDoc) => {
        const text = asDoc ? JSON.stringify(vals) : vals.map((v) => JSON.stringify(v)).join('\n');
        const { items } = await read(text, 13);
        expect(items.every((i) => i.ok || i.reason.length > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('readRecords: rejection reasons', () => {
  it('never quote the broken input back (a cut-off line may hold a token)', async () => {
    const secret = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
    const { items } = await read(`{"a":1}\n${secret}\n{"t":"${secret.slice(0, 30)}\n`);
    const reasons = items.filter((i) => !i.ok).map((i) => (i as { reason: string }).reason);
    expect(reasons).toHaveLength(2);
    for (const r of reasons) {
      expect(r).toMatch(/^not valid JSON/);
      expect(r).not.toContain('eyJ');
    }
  });
});

describe('readRecords: limits (a small hostile file cannot take minutes and gigabytes)', () => {
  const limits = (l: Partial<ReadLimits>): ReadLimits => ({ ...DEFAULT_READ_LIMITS, ...l });
  async function readCapped(data: string | Uint8Array, l: Partial<ReadLimits>) {
    const items: RecordItem[] = [];
    let error: unknown;
    try {
      await readRecords(chunksOf(data, 4096), 'f.log', (i) => items.push(i), limits(l));
    } catch (e) {
      error = e;
    }
    return { items, error };
  }
  const line = (i: number) => JSON.stringify({ eventID: `e${i}`, eventName: 'GetObject', pad: 'x'.repeat(100) });

  it('stops a gzip bomb at the decompressed-bytes limit, keeping the records read before', async () => {
    const bomb = gzipSync(new TextEncoder().encode(Array.from({ length: 50_000 }, (_, i) => line(i)).join('\n')));
    expect(bomb.length).toBeLessThan(200_000);
    const { items, error } = await readCapped(bomb, { maxBytes: 1_000_000 });
    expect(error).toBeInstanceOf(TooLargeError);
    expect((error as Error).message).toBe(
      'too large: f.log: inflates to more than 1000000 bytes (limit 1000000 bytes)',
    );
    expect(items.length).toBeGreaterThan(1_000);
    expect(items.length).toBeLessThan(50_000);
  });

  it('stops at the record limit', async () => {
    const { items, error } = await readCapped(Array.from({ length: 100 }, (_, i) => line(i)).join('\n'), {
      maxRecords: 10,
    });
    expect((error as Error).message).toBe('too large: f.log: more than 10 records (limit 10 records)');
    expect(items).toHaveLength(10);
  });

  it('stops one endless NDJSON line, and one document read whole, at their limits', async () => {
    const endless = `${line(1)}\n{"eventID":"e2","pad":"${'y'.repeat(300_000)}`;
    const a = await readCapped(endless, { maxLineBytes: 100_000 });
    expect((a.error as Error).message).toBe(
      'too large: f.log: line 2 is longer than 100000 bytes (limit 100000 bytes)',
    );
    expect(values(a.items)).toHaveLength(1);
    const doc = `[${Array.from({ length: 5_000 }, (_, i) => line(i)).join(',')}]`;
    const b = await readCapped(doc, { maxDocumentBytes: 100_000 });
    expect((b.error as Error).message).toMatch(
      /^too large: f\.log: one JSON document or CSV file of more than 100000 bytes, read whole \(limit 100000 bytes\)$/,
    );
  });

  // Its growth (it was quadratic: searched from the start at every chunk) is measured by
  // `npm run bench:hostile`; here, that a line over hundreds of chunks comes out whole.
  it('reads one long line split over many chunks whole, between its neighbours', async () => {
    const long = `${line(0)}\n{"eventID":"e1","pad":"${'z'.repeat(2_000_000)}"}\n${line(2)}`;
    const { items, error } = await readCapped(long, {});
    expect(error).toBeUndefined();
    expect(values(items).map((v) => (v as { eventID: string }).eventID)).toEqual(['e0', 'e1', 'e2']);
    expect((values(items)[1] as { pad: string }).pad).toHaveLength(2_000_000);
  });
});

describe('csvColumnName on hostile headers', () => {
  // The growth on a header of spaces (it was quadratic) is measured by `npm run bench:hostile`.
  it('drops the [UTC] suffix and its spaces, and leaves every other header as it was', () => {
    expect(csvColumnName('TimeGenerated [UTC]')).toBe('TimeGenerated');
    expect(csvColumnName('TimeGenerated  [utc]  ')).toBe('TimeGenerated');
    expect(csvColumnName('Caller')).toBe('Caller');
    expect(csvColumnName(`${' '.repeat(1_000)}x`)).toBe(`${' '.repeat(1_000)}x`);
    expect(csvColumnName(' '.repeat(1_000))).toBe(' '.repeat(1_000));
  });
});

describe('splitRecordsText (a text in memory, for tests and samples)', () => {
  const splitSync = (text: string) => {
    const items: RecordItem[] = [];
    const container = splitRecordsText(text, 'f.log', (i) => items.push(i));
    return { items, container };
  };
  const record = fc.dictionary(
    fc.constantFrom('eventName', 'id', 'value', 'Records', 'user', 'n'),
    fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    { maxKeys: 4 },
  );
  const text = fc
    .oneof(
      fc.array(record, { maxLength: 6 }).map((rs) => rs.map((r) => JSON.stringify(r)).join('\n')),
      fc.array(record, { maxLength: 6 }).map((rs) => JSON.stringify(rs, null, 2)),
      fc.array(record, { maxLength: 6 }).map((rs) => JSON.stringify({ Records: rs })),
      fc
        .array(fc.array(fc.stringMatching(/^[a-z0-9 "]{0,6}$/), { minLength: 2, maxLength: 3 }), {
          minLength: 1,
          maxLength: 5,
        })
        .map((rows) => rows.map((r) => r.join(',')).join('\n')),
      fc.string(),
    )
    .chain((t) => fc.tuple(fc.constant(t), fc.constantFrom('', '\uFEFF', '  \n')).map(([body, head]) => head + body));

  it('gives the records, rejections and container that readRecords gives for the same text', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 1, max: 64 }), async (t, chunk) => {
        const streamed = await read(t, chunk);
        const sync = splitSync(t);
        expect(sync.items).toEqual(streamed.items);
        expect(sync.container).toBe(streamed.summary.container);
      }),
      { numRuns: 300 },
    );
  });

  it('splits the containers the product reads: NDJSON with a wrapper line, a pretty document, CSV with a [UTC] column', () => {
    expect(values(splitSync('{"a":1}\n\n{"Records":[{"b":2},{"c":3}]}\n').items)).toEqual([
      { a: 1 },
      { b: 2 },
      { c: 3 },
    ]);
    expect(splitSync('{\n  "value": [{"a": 1}]\n}').items).toEqual([{ ok: true, value: { a: 1 }, ref: 'f.log#0' }]);
    expect(splitSync('TimeGenerated [UTC],User\n2026-01-01,alice\n').items).toEqual([
      { ok: true, value: { TimeGenerated: '2026-01-01', User: 'alice' }, ref: 'f.log:2' },
    ]);
    expect(splitSync('   ').container).toBe('empty');
  });
});
