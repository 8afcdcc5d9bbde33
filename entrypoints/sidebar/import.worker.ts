/// <reference lib="webworker" />
/**
 * The Import parse, off the sidebar's main thread: lib/analysis/import-file.ts over the file's
 * stream, posting progress (bytes read / total) and the analysis.
 */
import { importChunks, streamChunks, type ImportReply, type ImportRequest } from '../../lib/analysis/import-file';
import { NO_INTEL, type IntelProvider } from '../../lib/intel/intel-provider';
import { loadPackedIntel } from '../../lib/intel/packaged';

// The packed IP data of the extension's own package (not a network request); without it the
// import is still judged, on the logs' own fields.
const intel: Promise<IntelProvider> = loadPackedIntel(async (path) =>
  // eslint-disable-next-line no-restricted-globals
  (await fetch(new URL(path, self.location.origin))).arrayBuffer(),
).catch(() => NO_INTEL);

const post = (m: ImportReply): void => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

self.onmessage = async (e: MessageEvent<ImportRequest>) => {
  const req = e.data;
  try {
    if (req.type === 'file') {
      const { analysis, container, elapsedMs } = await importChunks(
        streamChunks(req.file.stream()),
        req.file.name,
        req.file.size,
        (read, total) => post({ type: 'progress', read, total }),
        undefined,
        await intel,
      );
      post({ type: 'done', name: req.file.name, analysis, container, elapsedMs });
    } else {
      const bytes = new TextEncoder().encode(req.text);
      async function* once(): AsyncGenerator<Uint8Array> {
        yield bytes;
      }
      const { analysis, container, elapsedMs } = await importChunks(
        once(),
        req.name,
        bytes.length,
        (read, total) => post({ type: 'progress', read, total }),
        undefined,
        await intel,
      );
      post({ type: 'done', name: req.name, analysis, container, elapsedMs });
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
