/**
 * The analyst's note on one step: a textarea saved as the analyst types (NoteSaver: 200 ms after
 * the last keystroke, at most 300 ms after the first unsaved one, so well within 500 ms with the
 * trip to the background), written at once on blur, on page hide and when the view goes away. A
 * newer text from another tab replaces the shown one whenever nothing typed here is still
 * unsaved, so two tabs on the same case stay in step without one overwriting the other's unsaved
 * typing; a read older than this field's own last save is ignored.
 */
import { createContext, useContext, useEffect, useId, useRef, useState } from 'react';
import { NoteSaver, type SaveState } from '../../lib/store/notes';
import type { Note } from '../../lib/model/case';

export interface NoteFieldProps {
  /** The stored note, live (undefined: none yet). */
  note: Note | undefined;
  /** Stores the text (the store's saveNote with the case, step and analyst bound). */
  save(text: string): Promise<unknown>;
  label?: string;
  placeholder?: string;
  rows?: number;
}

/** false while the case's notes could not be read: typing then would overwrite a stored note. */
export const NotesEditable = createContext(true);

const STATE_TEXT: Record<SaveState, string> = {
  saved: 'Saved',
  pending: 'Saving…',
  saving: 'Saving…',
  error: 'Not saved yet: retrying (your text is kept here)',
};

export function NoteField({ note, save, label = 'Notes', placeholder, rows = 2 }: NoteFieldProps) {
  const id = useId();
  const [text, setText] = useState(note?.text ?? '');
  const [state, setState] = useState<SaveState>('saved');
  const editable = useContext(NotesEditable);
  const saveRef = useRef(save);
  saveRef.current = save;
  /** updatedAt of this field's last stored save: older reads are stale echoes. */
  const lastSaved = useRef(0);
  // The current saver; disposed (and forgotten) when the field unmounts, so StrictMode's double mount never reuses one.
  const saver = useRef<NoteSaver | undefined>(undefined);

  // Another tab (or this one, echoed back) stored a text: show it unless typing here is unsaved.
  const incoming = note?.text;
  useEffect(() => {
    if (incoming === undefined || saver.current?.pendingText !== undefined) return;
    if ((note?.updatedAt ?? 0) < lastSaved.current) return;
    setText(incoming);
  }, [incoming, note?.updatedAt]);

  // The saver is made on first use (typing can come before this mount's effects have run).
  const getSaver = (): NoteSaver =>
    (saver.current ??= new NoteSaver({
      save: async (t) => {
        const stored = await saveRef.current(t);
        const at = (stored as { updatedAt?: unknown } | null)?.updatedAt;
        if (typeof at === 'number') lastSaved.current = Math.max(lastSaved.current, at);
        return stored;
      },
      delayMs: 200,
      maxWaitMs: 300,
      onState: (st) => setState(st),
    }));

  useEffect(() => {
    const flush = () => void saver.current?.flush().catch(() => undefined);
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      const s = saver.current;
      saver.current = undefined;
      void s
        ?.flush()
        .catch(() => undefined)
        .finally(() => s.dispose());
    };
  }, []);

  return (
    <div className="note">
      <label htmlFor={id} className="note-label">
        {label}
      </label>
      <textarea
        id={id}
        className="note-text"
        value={text}
        rows={rows}
        placeholder={
          editable
            ? placeholder
            : 'The notes could not be read: not editable until they can be (nothing stored was changed).'
        }
        readOnly={!editable}
        onChange={(e) => {
          setText(e.target.value);
          getSaver().type(e.target.value);
        }}
        onBlur={() => void saver.current?.flush().catch(() => undefined)}
      />
      <span className={`note-state note-${state}`} role="status" aria-live="polite">
        {state === 'saved' && !note && text === '' ? '' : STATE_TEXT[state]}
      </span>
    </div>
  );
}
