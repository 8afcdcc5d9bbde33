/**
 * Export the case to the ticket: pick a format (lib/export/case-exports.ts), see it, copy it or
 * download it. The text shown is exactly what is copied and downloaded; every format escapes
 * log text for itself and masks secrets (lib/export). Built only while the panel is open: a case
 * of thousands of events is not re-rendered as a ticket on every keystroke in a note.
 */
import { useMemo, useState } from 'react';
import { CASE_EXPORTS, exportFileName, type CaseExportId } from '../../lib/export/case-exports';
import type { CaseExportInput } from '../../lib/export/case-document';
import { CopyButton, downloadText } from './CopyButton';

export interface ExportPanelProps {
  /** The case, its notes, the containment actions and the time; a new function when any of them changed. */
  input(): CaseExportInput;
}

export function ExportPanel({ input }: ExportPanelProps) {
  const [format, setFormat] = useState<CaseExportId>('markdown');
  const [open, setOpen] = useState(false);
  const f = CASE_EXPORTS.find((x) => x.id === format)!;
  const built = useMemo(() => {
    if (!open) return { text: undefined, name: '' };
    const i = input();
    try {
      return { text: f.render(i), name: exportFileName(i.case, f.id) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [f, input, open]);
  return (
    <details className="export playbook-section" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h4 id="sec-export">Export to the ticket</h4>
      </summary>
      <div className="export-controls">
        <label>
          Format{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as CaseExportId)} aria-label="Export format">
            {CASE_EXPORTS.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label}
              </option>
            ))}
          </select>
        </label>{' '}
        {'text' in built && built.text !== undefined ? (
          <>
            <CopyButton text={built.text} what={f.label} />{' '}
            <button type="button" onClick={() => downloadText(built.text, built.name, f.mimeType)}>
              Download {built.name.split('.').pop()}
            </button>
          </>
        ) : null}
      </div>
      {'error' in built ? (
        <p className="error">This format could not be built: {built.error}</p>
      ) : (
        built.text !== undefined && (
          <pre className="code export-preview" aria-label={`${f.label} export`} tabIndex={0}>
            {built.text}
          </pre>
        )
      )}
    </details>
  );
}
