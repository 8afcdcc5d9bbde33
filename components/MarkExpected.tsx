/**
 * "Mark as expected" on one finding (issue 10): a button that opens an inline form with the
 * proposed allow-list entry in words (FindingView.proposal, lib/engine/allow-list.ts), a required
 * reason (prefilled with the suggestion), an optional expiry date, Confirm and Cancel. Confirm
 * hands the entry to `onMark` (the sidebar sends it to the background: lib/messaging/mark-expected.ts
 * markExpected); a refusal is shown in the form, which stays open. A view over the proposal: the
 * entry is built and checked by lib (entryFromForm). Escape cancels; focus goes to the reason
 * when the form opens and back to the button when it closes. Text only, never HTML.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { AllowEntry } from '../lib/engine/allow-list';
import { entryFromForm } from '../lib/messaging/mark-expected';
import type { FindingView } from '../lib/analysis/analyse';

export interface MarkExpectedProps {
  finding: Pick<FindingView, 'title' | 'proposal' | 'allowed'>;
  /** Stores the entry; a rejection's message is shown in the form. */
  onMark(entry: AllowEntry): Promise<unknown> | void;
  /** Today as YYYY-MM-DD (an expiry before it is refused); default: the clock's UTC date. */
  today?: string;
}

type Phase = { kind: 'closed' } | { kind: 'open' } | { kind: 'saving' } | { kind: 'done' };

export function MarkExpected({ finding, onMark, today }: MarkExpectedProps) {
  const proposal = finding.proposal;
  const [phase, setPhase] = useState<Phase>({ kind: 'closed' });
  const [reason, setReason] = useState(proposal?.entry.reason ?? '');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string | undefined>();
  const button = useRef<HTMLButtonElement>(null);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const wasOpen = useRef(false);

  const open = phase.kind === 'open' || phase.kind === 'saving';
  useEffect(() => {
    if (open) reasonField.current?.focus();
    else if (wasOpen.current) button.current?.focus();
    wasOpen.current = open;
  }, [open]);

  if (!proposal || finding.allowed) return null;

  const cancel = () => {
    setPhase({ kind: 'closed' });
    setError(undefined);
    setReason(proposal.entry.reason);
    setExpires('');
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (phase.kind === 'saving') return;
    const built = entryFromForm(proposal.entry, reason, expires, today ?? new Date().toISOString().slice(0, 10));
    if (!built.ok) {
      setError(built.error);
      return;
    }
    setError(undefined);
    setPhase({ kind: 'saving' });
    try {
      await onMark(built.entry);
      setPhase({ kind: 'done' });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setPhase({ kind: 'open' });
    }
  };

  const onKeyDown = (ev: KeyboardEvent) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      cancel();
    }
  };

  if (phase.kind === 'done') {
    return (
      <p className="mark-expected done" role="status">
        Marked as expected: {proposal.words}. The page is judged again with the team&apos;s list.
      </p>
    );
  }

  return (
    <div className="mark-expected">
      {!open && (
        <button
          type="button"
          ref={button}
          aria-expanded={false}
          aria-controls={`${id}-form`}
          onClick={() => setPhase({ kind: 'open' })}
          aria-label={`Mark as expected: ${finding.title}`}
        >
          Mark as expected
        </button>
      )}
      {open && (
        <form
          id={`${id}-form`}
          aria-label={`Mark as expected: ${finding.title}`}
          onSubmit={(ev) => void submit(ev)}
          onKeyDown={onKeyDown}
          noValidate
        >
          <p id={`${id}-what`}>
            Add to the team&apos;s allow-list: <strong>{proposal.words}</strong>. Findings whose every record it covers
            stay shown, marked allowed, and leave the verdict.
          </p>
          <label htmlFor={`${id}-reason`}>Reason (required)</label>
          <textarea
            id={`${id}-reason`}
            ref={reasonField}
            value={reason}
            required
            aria-required="true"
            aria-invalid={error !== undefined && !reason.trim()}
            aria-describedby={error ? `${id}-error` : `${id}-what`}
            maxLength={500}
            rows={2}
            onChange={(e) => setReason(e.target.value)}
          />
          <label htmlFor={`${id}-expires`}>Expires (optional)</label>
          <input id={`${id}-expires`} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          {error && (
            <p id={`${id}-error`} className="error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={phase.kind === 'saving'}>
              {phase.kind === 'saving' ? 'Marking…' : 'Confirm'}
            </button>{' '}
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
