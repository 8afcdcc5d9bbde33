/**
 * Splits an exported log file into raw records, whatever the container: gzip or not, UTF-8 with
 * or without BOM, NDJSON (streamed line by line, so a 1 GB file is never held whole), a JSON
 * array or wrapper document, one pretty-printed object, or CSV with a header row (Log Analytics
 * names its time columns `TimeGenerated [UTC]` in CSV exports: the suffix is dropped, so a column
 * has the name its table gives it and readers find it under one name). Pure: takes
 * byte chunks, so the CLI (Node streams) and the extension (File.stream()) share it.
 */
import { Gunzip } from 'fflate';
import Papa from 'papaparse';
import { unwrap } from './unwrap';
import { errorMessage } from '../../model/error-message';

export type RecordItem = { ok: true; value: unknown; ref: string } | { ok: false; ref: string; reason: string };

export type Container = 'ndjson' | 'json' | 'csv' | 'empty' | 'unknown';

export interface ReadSummary {
  container: Container;
  gzip: boolean;
}

/**
 * How much one file may hold, so that a small hostile file (a gzip bomb, one endless line)
 * cannot take minutes and gigabytes: reading stops with "too large: … (limit …)", and what was
 * read before is kept. Streamed NDJSON is bounded by `maxBytes` and `maxRecords`; what has to be
 * held whole (one JSON document, a CSV file, one NDJSON line) by the smaller limits.
 */
export interface ReadLimits {
  /** Bytes of the file after decompression. */
  maxBytes: number;
  /** Records (lines, array items, CSV rows). */
  maxRecords: number;
  /** One NDJSON line. */
  maxLineBytes: number;
  /** A document parsed whole: a JSON array or wrapper, a CSV file. */
  maxDocumentBytes: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxBytes: 8 * 1024 * MiB,
  maxRecords: 20_000_000,
  maxLineBytes: 32 * MiB,
  maxDocumentBytes: 512 * MiB,
};

export class TooLargeError extends Error {}

const size = (n: number): string => (n >= MiB ? `${Math.round((10 * n) / MiB) / 10} MiB` : `${n} bytes`);
const tooLarge = (name: string, what: string, limit: string): TooLargeError =>
  new TooLargeError(`too large: ${name}: ${what} (limit ${limit})`);

/** Reads `chunks` and calls `sink` once per record or per unreadable part, in file order. */
export async function readRecords(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  sink: (item: RecordItem) => void,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<ReadSummary> {
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done || first.value.length === 0) return { container: 'empty', gzip: false };
  const gzip = first.value[0] === 0x1f && first.value[1] === 0x8b;
  const source = prepend(first.value, it);
  const text = textOf(capped(gzip ? gunzip(source) : source, name, gzip, limits.maxBytes));
  let records = 0;
  const counted = (item: RecordItem): void => {
    records += 1;
    if (records > limits.maxRecords)
      throw tooLarge(name, `more than ${limits.maxRecords} records`, `${limits.maxRecords} records`);
    sink(item);
  };
  const container = await splitText(text, name, counted, limits);
  return { container, gzip };
}

async function* capped(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  gzip: boolean,
  max: number,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const c of chunks) {
    total += c.length;
    if (total > max) throw tooLarge(name, `${gzip ? 'inflates to' : 'holds'} more than ${size(max)}`, size(max));
    yield c;
  }
}

async function* prepend(head: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield head;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

async function* gunzip(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  // fflate handles concatenated gzip members (what `cat a.gz b.gz` and S3 log delivery produce).
  const gz = new Gunzip((data) => {
    out.push(data);
  });
  for await (const c of chunks) {
    gz.push(c, false);
    while (out.length) yield out.shift()!;
  }
  gz.push(new Uint8Array(0), true);
  while (out.length) yield out.shift()!;
}

async function* textOf(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const dec = new TextDecoder('utf-8', { ignoreBOM: false });
  for await (const c of chunks) {
    const s = dec.decode(c, { stream: true });
    if (s) yield s;
  }
  const tail = dec.decode();
  if (tail) yield tail;
}

async function splitText(
  text: AsyncGenerator<string>,
  name: string,
  sink: (i: RecordItem) => void,
  limits: ReadLimits,
): Promise<Container> {
  // Find the first meaningful character without consuming the stream.
  let head = '';
  let r = await text.next();
  while (!r.done) {
    head += r.value;
    if (/\S/.test(head)) break;
    r = await text.next();
  }
  head = head.replace(/^\uFEFF/, '');
  const start = head.search(/\S/);
  if (start < 0) return 'empty';
  const c = head[start];
  const whole = (from: string): Promise<string> => collect(from, text, name, limits.maxDocumentBytes);
  if (c === '{') return splitJsonOrNdjson(head, text, name, sink, limits);
  if (c === '[') {
    splitDocument(await whole(head), name, sink);
    return 'json';
  }
  return splitCsv(await whole(head), name, sink);
}

async function collect(head: string, rest: AsyncGenerator<string>, name: string, max: number): Promise<string> {
  const parts = [head];
  let length = head.length;
  for await (const s of rest) {
    length += s.length;
    if (length > max)
      throw tooLarge(name, `one JSON document or CSV file of more than ${size(max)}, read whole`, size(max));
    parts.push(s);
  }
  return parts.join('');
}

/** NDJSON when the first line is a whole JSON value; otherwise one document (pretty object or wrapper). */
async function splitJsonOrNdjson(
  head: string,
  rest: AsyncGenerator<string>,
  name: string,
  sink: (i: RecordItem) => void,
  limits: ReadLimits,
): Promise<Container> {
  // The first line decides; search only what each chunk adds (a search from 0 each time is
  // quadratic on one long line).
  const parts = [head];
  let length = head.length;
  let nl = head.indexOf('\n');
  while (nl < 0) {
    const r = await rest.next();
    if (r.done) break;
    const at = r.value.indexOf('\n');
    if (at >= 0) nl = length + at;
    parts.push(r.value);
    length += r.value.length;
    if (nl < 0 && length > limits.maxDocumentBytes)
      throw tooLarge(
        name,
        `a first line or document of more than ${size(limits.maxDocumentBytes)}`,
        size(limits.maxDocumentBytes),
      );
  }
  const buf = parts.join('');
  const firstLine = (nl < 0 ? buf : buf.slice(0, nl)).trim();
  if (!lineIsJson(firstLine)) {
    const doc = await collect(buf, rest, name, limits.maxDocumentBytes);
    splitDocument(doc, name, sink);
    return 'json';
  }
  // Stream lines. A line split over chunks is kept as parts until its newline comes: no string
  // grows by repeated concatenation and no text is searched twice.
  let lineNo = 0;
  let carry: string[] = [];
  let carried = 0;
  const emit = (line: string): void => {
    lineNo += 1;
    emitLine(line, lineNo, name, sink);
  };
  const take = (chunk: string): void => {
    let from = 0;
    let i = chunk.indexOf('\n');
    if (i >= 0 && carried > 0) {
      carry.push(chunk.slice(0, i));
      emit(carry.join(''));
      carry = [];
      carried = 0;
      from = i + 1;
      i = chunk.indexOf('\n', from);
    }
    for (; i >= 0; i = chunk.indexOf('\n', from)) {
      emit(chunk.slice(from, i));
      from = i + 1;
    }
    if (from < chunk.length) {
      carry.push(chunk.slice(from));
      carried += chunk.length - from;
      if (carried > limits.maxLineBytes)
        throw tooLarge(
          name,
          `line ${lineNo + 1} is longer than ${size(limits.maxLineBytes)}`,
          size(limits.maxLineBytes),
        );
    }
  };
  take(buf);
  for await (const chunk of rest) take(chunk);
  if (carried > 0) emit(carry.join(''));
  return 'ndjson';
}

/**
 * The records of a text already in memory (a test fixture, a corpus sample), split as
 * `readRecords` splits a file holding that text: the same choice of container (first
 * character; NDJSON when the first line is a whole JSON value) and the same line, document and
 * CSV splitting, synchronously and without the size limits. A property test holds the two to the
 * same records.
 */
export function splitRecordsText(text: string, name: string, sink: (item: RecordItem) => void): Container {
  const body = text.replace(/^\uFEFF/, '');
  const start = body.search(/\S/);
  if (start < 0) return 'empty';
  const c = body[start];
  if (c === '[') {
    splitDocument(body, name, sink);
    return 'json';
  }
  if (c !== '{') return splitCsv(body, name, sink);
  const nl = body.indexOf('\n');
  if (!lineIsJson((nl < 0 ? body : body.slice(0, nl)).trim())) {
    splitDocument(body, name, sink);
    return 'json';
  }
  body.split('\n').forEach((line, i) => emitLine(line, i + 1, name, sink));
  return 'ndjson';
}

function lineIsJson(line: string): boolean {
  if (!line.endsWith('}')) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function emitLine(line: string, lineNo: number, name: string, sink: (i: RecordItem) => void): void {
  // Cheap blank test: most lines start with '{'.
  if (line.charCodeAt(0) !== 123 && line.trim() === '') return;
  const ref = `${name}:${lineNo}`;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    sink({ ok: false, ref, reason: `not valid JSON (${shortError(err)})` });
    return;
  }
  if (v !== null && typeof v === 'object') {
    const inner = unwrap(v);
    if (inner.length !== 1 || inner[0] !== v) {
      inner.forEach((rec, i) => sink({ ok: true, value: rec, ref: `${ref}#${i}` }));
      return;
    }
  }
  sink({ ok: true, value: v, ref });
}

function splitDocument(doc: string, name: string, sink: (i: RecordItem) => void): void {
  let v: unknown;
  try {
    v = JSON.parse(doc.replace(/^\uFEFF/, ''));
  } catch (err) {
    sink({ ok: false, ref: name, reason: `not valid JSON, NDJSON or CSV (${shortError(err)})` });
    return;
  }
  const records = unwrap(v);
  if (records.length === 1 && records[0] === v && !Array.isArray(v)) {
    sink({ ok: true, value: v, ref: name });
    return;
  }
  records.forEach((rec, i) => sink({ ok: true, value: rec, ref: `${name}#${i}` }));
}

function splitCsv(text: string, name: string, sink: (i: RecordItem) => void): Container {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, Math.max(0, body.indexOf('\n')) || body.length);
  if (body.includes('\u0000') || !/[,;\t]/.test(firstLine)) {
    sink({ ok: false, ref: name, reason: 'not a log export: neither JSON, NDJSON nor CSV with a header row' });
    return 'unknown';
  }
  const parsed = Papa.parse<Record<string, string>>(body, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: csvColumnName,
  });
  const badRows = new Map<number, string>();
  for (const e of parsed.errors) if (e.row !== undefined) badRows.set(e.row, `${e.code}: ${e.message}`);
  parsed.data.forEach((row, i) => {
    // Header is line 1; data row i is line i + 2 (counting rows, not embedded newlines).
    const ref = `${name}:${i + 2}`;
    const bad = badRows.get(i);
    if (bad && bad.startsWith('TooFewFields') === false)
      sink({ ok: false, ref, reason: `CSV row unreadable (${bad})` });
    else sink({ ok: true, value: row, ref });
  });
  return 'csv';
}

/** A CSV header as the table names the column: Log Analytics' ` [UTC]` suffix of time columns dropped. */
export function csvColumnName(header: string): string {
  // trimEnd + a fixed suffix: an unanchored `\s*\[UTC\]` is rescanned from every space (quadratic).
  const t = header.trimEnd();
  return /\[UTC\]$/i.test(t) ? t.slice(0, -5).trimEnd() : header;
}

/**
 * The parser's reason without the excerpt of the input V8 quotes (`Unexpected token 'e', "eyJhbGciOi"... is
 * not valid JSON`): a broken line may hold a token, and reasons are printed and exported.
 */
function shortError(err: unknown): string {
  const m = errorMessage(err)
    .replace(/"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, '"…"')
    .replace(/'[^']{2,}'/g, "'…'");
  return m.length > 120 ? m.slice(0, 117) + '…' : m;
}

/** Chunks of a string or byte array, for tests and the extension's paste box. */
export async function* chunksOf(data: string | Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
