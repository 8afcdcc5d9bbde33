/**
 * The sidebar's Import: an exported log file (or pasted text) through the same container
 * reader, RecordRouter and engine as the CLI, with progress in bytes and, at the end, the
 * records per second (read and judged). Runs in a Web Worker
 * (entrypoints/sidebar/import.worker.ts) so the page never freezes; pure, so it is tested in Node.
 */
import type { IntelProvider } from '../intel/intel-provider';
import { readRecords } from '../sources/containers/read-records';
import { type AnalysisView, Collector } from './analyse';

/** Sidebar → worker. */
export type ImportRequest = { type: 'file'; file: File } | { type: 'text'; text: string; name: string };
/** Worker → sidebar. */
export type ImportReply =
  | { type: 'progress'; read: number; total: number }
  | { type: 'done'; name: string; analysis: AnalysisView; container: string; elapsedMs: number }
  | { type: 'error'; message: string };

/** Counts bytes as they pass, reporting at most every `step` bytes. */
export async function* counted(
  chunks: AsyncIterable<Uint8Array>,
  total: number,
  onProgress: (read: number, total: number) => void,
  step = 256 * 1024,
): AsyncGenerator<Uint8Array> {
  let read = 0;
  let last = 0;
  for await (const c of chunks) {
    read += c.length;
    if (read - last >= step) {
      last = read;
      onProgress(read, total);
    }
    yield c;
  }
  onProgress(read, Math.max(total, read));
}

export async function importChunks(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  total: number,
  onProgress: (read: number, total: number) => void,
  progressStep?: number,
  intel?: IntelProvider,
  clock: () => number = () => performance.now(),
): Promise<{ analysis: AnalysisView; container: string; elapsedMs: number }> {
  const started = clock();
  const c = new Collector(intel ? { intel } : {});
  let container = 'unknown';
  try {
    const summary = await readRecords(counted(chunks, total, onProgress, progressStep), name, (item) => {
      if (item.ok) c.record(item.value, item.ref);
      else c.reject(item.ref, item.reason);
    });
    container = summary.gzip ? `${summary.container} (gzip)` : summary.container;
    if (summary.container === 'empty') c.reject(name, 'empty file');
  } catch (err) {
    c.reject(name, `cannot read file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const analysis = c.analyse();
  return { analysis, container, elapsedMs: clock() - started };
}

/** "12,345 records in 2.1 s (5,879 records/s)": how fast the import went, read and judged. */
export function importRate(records: number, elapsedMs: number): string {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const perSecond = Math.round(records / seconds).toLocaleString('en-US');
  return (
    `${records.toLocaleString('en-US')} record${records === 1 ? '' : 's'} in ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} ` +
    `s (${perSecond} records/s)`
  );
}

/** A browser ReadableStream as an async iterable (Firefox's streams are not iterable yet). */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
