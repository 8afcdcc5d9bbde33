/**
 * The analyst's note on one step: a textarea saved as the analyst types (NoteSaver: within
 * 500 ms), written at once on blur, on page hide and when the view goes away. A newer text
 * from another tab replaces the shown one whenever nothing typed here is still unsaved, so two
 * tabs on the same case stay in step without one overwriting the other's unsaved typing.
 */
import { useEffect, useId, useRef, useState } from 'react';
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
  const saveRef = useRef(save);
  saveRef.current = save;
  // Created per mount (StrictMode mounts twice in development: a disposed saver is never reused).
  const saver = useRef<NoteSaver | undefined>(undefined);

  // Another tab (or this one, echoed back) stored a text: show it unless typing here is unsaved.
  const incoming = note?.text;
  useEffect(() => {
    if (incoming !== undefined && saver.current?.pendingText === undefined) setText(incoming);
  }, [incoming, note?.updatedAt]);

  useEffect(() => {
    const s = new NoteSaver({ save: (t) => saveRef.current(t), onState: (st) => setState(st) });
    saver.current = s;
    const flush = () => void s.flush().catch(() => undefined);
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      if (saver.current === s) saver.current = undefined;
      void s.flush().catch(() => undefined).finally(() => s.dispose());
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
        placeholder={placeholder}
        onChange={(e) => {
          setText(e.target.value);
          saver.current?.type(e.target.value);
        }}
        onBlur={() => void saver.current?.flush().catch(() => undefined)}
      />
      <span className={`note-state note-${state}`} role="status" aria-live="polite">
        {state === 'saved' && !note && text === '' ? '' : STATE_TEXT[state]}
      </span>
    </div>
  );
}
