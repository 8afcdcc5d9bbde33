/**
 * Copy a text (a command, a query, an export) to the clipboard, saying whether it worked. The
 * sidebar runs in an iframe on the console: navigator.clipboard needs the iframe's
 * `allow="clipboard-write"` (lib/messaging/sidebar-frame.ts sets it); when the browser still refuses,
 * a selected hidden textarea and execCommand('copy') is the fallback, and if that fails too the
 * analyst is told to select the text by hand. Nothing is ever run.
 */
import { useEffect, useRef, useState } from 'react';

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

/** `compact`: a small icon button (a CSS-drawn icon; the accessible name says what is copied). */
export function CopyButton({
  text,
  label = 'Copy',
  what,
  compact,
}: {
  text: string;
  label?: string;
  what?: string;
  compact?: boolean;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <button
      type="button"
      className={`copy copy-${state}${compact ? ' icon' : ''}`}
      aria-label={compact ? `Copy ${what ?? ''}`.trim() : what ? `${label} ${what}` : label}
      title={compact ? (state === 'failed' ? 'Copy failed: select and press Ctrl+C' : 'Copy') : undefined}
      onClick={() => {
        void copyText(text).then((ok) => {
          setState(ok ? 'copied' : 'failed');
          clearTimeout(timer.current);
          timer.current = setTimeout(() => setState('idle'), 2_000);
        });
      }}
    >
      {compact ? (
        <span aria-hidden="true" className={state === 'idle' ? 'copy-glyph' : undefined}>
          {state === 'copied' ? '✓' : state === 'failed' ? '!' : null}
        </span>
      ) : state === 'copied' ? (
        'Copied'
      ) : state === 'failed' ? (
        'Copy failed: select and press Ctrl+C'
      ) : (
        label
      )}
    </button>
  );
}

/** Saves a text as a file through a blob link (no downloads permission needed). */
export function downloadText(text: string, fileName: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
