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

export type RecordItem =
  | { ok: true; value: unknown; ref: string }
  | { ok: false; ref: string; reason: string };

export type Container = 'ndjson' | 'json' | 'csv' | 'empty' | 'unknown';

export interface ReadSummary {
  container: Container;
  gzip: boolean;
}

/** Reads `chunks` and calls `sink` once per record or per unreadable part, in file order. */
export async function readRecords(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  sink: (item: RecordItem) => void,
): Promise<ReadSummary> {
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done || first.value.length === 0) return { container: 'empty', gzip: false };
  const gzip = first.value[0] === 0x1f && first.value[1] === 0x8b;
  const source = prepend(first.value, it);
  const text = gzip ? textOf(gunzip(source)) : textOf(source);
  const container = await splitText(text, name, sink);
  return { container, gzip };
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

async function splitText(text: AsyncGenerator<string>, name: string, sink: (i: RecordItem) => void): Promise<Container> {
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
  if (c === '{') return splitJsonOrNdjson(head, text, name, sink);
  if (c === '[') {
    splitDocument(await collect(head, text), name, sink);
    return 'json';
  }
  return splitCsv(await collect(head, text), name, sink);
}

async function collect(head: string, rest: AsyncGenerator<string>): Promise<string> {
  const parts = [head];
  for await (const s of rest) parts.push(s);
  return parts.join('');
}

/** NDJSON when the first line is a whole JSON value; otherwise one document (pretty object or wrapper). */
async function splitJsonOrNdjson(head: string, rest: AsyncGenerator<string>, name: string, sink: (i: RecordItem) => void): Promise<Container> {
  let buf = head;
  let nl = buf.indexOf('\n');
  while (nl < 0) {
    const r = await rest.next();
    if (r.done) break;
    buf += r.value;
    nl = buf.indexOf('\n');
  }
  const firstLine = (nl < 0 ? buf : buf.slice(0, nl)).trim();
  if (!lineIsJson(firstLine)) {
    const doc = await collect(buf, rest);
    splitDocument(doc, name, sink);
    return 'json';
  }
  // Stream lines.
  let lineNo = 0;
  let pending = buf;
  const flushLines = (final: boolean): void => {
    let from = 0;
    for (;;) {
      const i = pending.indexOf('\n', from);
      if (i < 0) break;
      lineNo += 1;
      emitLine(pending.slice(from, i), lineNo, name, sink);
      from = i + 1;
    }
    pending = pending.slice(from);
    if (final && pending.length) {
      lineNo += 1;
      emitLine(pending, lineNo, name, sink);
      pending = '';
    }
  };
  flushLines(false);
  for await (const s of rest) {
    pending += s;
    flushLines(false);
  }
  flushLines(true);
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
  const parsed = Papa.parse<Record<string, string>>(body, { header: true, skipEmptyLines: 'greedy', transformHeader: csvColumnName });
  const badRows = new Map<number, string>();
  for (const e of parsed.errors) if (e.row !== undefined) badRows.set(e.row, `${e.code}: ${e.message}`);
  parsed.data.forEach((row, i) => {
    // Header is line 1; data row i is line i + 2 (counting rows, not embedded newlines).
    const ref = `${name}:${i + 2}`;
    const bad = badRows.get(i);
    if (bad && bad.startsWith('TooFewFields') === false) sink({ ok: false, ref, reason: `CSV row unreadable (${bad})` });
    else sink({ ok: true, value: row, ref });
  });
  return 'csv';
}

/** A CSV header as the table names the column: Log Analytics' ` [UTC]` suffix of time columns dropped. */
export function csvColumnName(header: string): string {
  return header.replace(/\s*\[UTC\]\s*$/i, '');
}

/**
 * The parser's reason without the excerpt of the input V8 quotes (`Unexpected token 'e', "eyJhbGciOi"... is
 * not valid JSON`): a broken line may hold a token, and reasons are printed and exported.
 */
function shortError(err: unknown): string {
  const m = errorMessage(err).replace(/"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, '"…"').replace(/'[^']{2,}'/g, "'…'");
  return m.length > 120 ? m.slice(0, 117) + '…' : m;
}

/** Chunks of a string or byte array, for tests and the extension's paste box. */
export async function* chunksOf(data: string | Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
