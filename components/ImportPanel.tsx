/**
 * Import: drop, paste or pick an exported log file. The parse runs in a worker (the sidebar
 * page owns it); this view only shows the state and raises the analyst's choices.
 */
import { useState, type DragEvent, type ReactNode } from 'react';
import type { AnalysisView, FindingView, SubjectView } from '../lib/analysis/analyse';
import { AnalysisPanel } from './AnalysisPanel';
import { importRate } from '../lib/analysis/import-file';

export type ImportState =
  | { status: 'idle' }
  | { status: 'reading'; name: string; read: number; total: number }
  | { status: 'done'; name: string; container: string; analysis: AnalysisView; elapsedMs?: number }
  | { status: 'error'; message: string };

export interface ImportPanelProps {
  state: ImportState;
  onFile(file: File): void;
  onText(text: string): void;
  /** Opens a case for an identity or token of the imported file's analysis. */
  onOpenCase?: (subject: Pick<SubjectView, 'kind' | 'id'>, analysis: AnalysisView, fileName: string) => void;
  renderFindingActions?: (f: FindingView) => ReactNode;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function ImportPanel({ state, onFile, onText, onOpenCase, renderFindingActions }: ImportPanelProps) {
  const [text, setText] = useState('');
  const [over, setOver] = useState(false);
  const busy = state.status === 'reading';
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f && !busy) onFile(f);
  };
  return (
    <div className="import">
      <div
        className={over ? 'dropzone over' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>Drop an exported log file here (JSON, NDJSON, CSV, gzip)</p>
        <label className="pick">
          or pick a file{' '}
          <input
            type="file"
            disabled={busy}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) onFile(f);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <textarea
        className="paste"
        aria-label="Paste log records"
        placeholder="…or paste log records here"
        value={text}
        rows={5}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="button" disabled={busy || !text.trim()} onClick={() => onText(text)}>
        Analyse pasted text
      </button>

      {state.status === 'reading' && (
        <div className="progress" role="status" aria-live="polite">
          <p>
            Reading {state.name}: {formatBytes(state.read)} of {formatBytes(state.total)}
          </p>
          <progress value={state.read} max={Math.max(state.total, 1)} aria-label={`Reading ${state.name}`} />
        </div>
      )}
      {state.status === 'idle' && (
        <p className="status hint">
          Export the sign-in, audit or CloudTrail events from the console (JSON, NDJSON, CSV or gzip) and drop the file
          above: it is read here, in this browser, and never uploaded.
        </p>
      )}
      {state.status === 'error' && (
        <p className="error" role="alert">
          Could not read the file: {state.message}. Check it is the console's own export (JSON, NDJSON, CSV or gzip), or
          paste a few records to see which are read.
        </p>
      )}
      {state.status === 'done' && (
        <div className="import-result">
          <p className="source">
            {state.name} ({state.container})
            {state.elapsedMs !== undefined && <>: {importRate(state.analysis.stats.records, state.elapsedMs)}</>}
          </p>
          <AnalysisPanel
            analysis={state.analysis}
            onOpenCase={onOpenCase ? (subject) => onOpenCase(subject, state.analysis, state.name) : undefined}
            renderFindingActions={renderFindingActions}
          />
        </div>
      )}
    </div>
  );
}
