/**
 * The content scripts' check of the messages they receive, by hand: the same rules as
 * `ToPageSchema` in ./protocol (a test holds them together), without bringing zod into the
 * content-script bundle (budget: 60 KB). Only the extension itself can message a content
 * script; this is defence in depth, the zod check at the background is the boundary.
 */
import type { ToPage } from './protocol';

const VERDICTS = new Set(['benign', 'suspicious', 'escalate']);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 1_000;

export function parsePageMessage(raw: unknown): ToPage | undefined {
  if (!isObj(raw)) return undefined;
  switch (raw.type) {
    case 'page-verdict': {
      const { verdict, findings, marks } = raw;
      if (
        typeof verdict !== 'string' ||
        !VERDICTS.has(verdict) ||
        typeof findings !== 'number' ||
        !Array.isArray(marks)
      )
        return undefined;
      const out: { rowId: string; titles: string[]; kind?: 'flagged' | 'console' }[] = [];
      for (const m of marks) {
        if (!isObj(m) || !isId(m.rowId) || !Array.isArray(m.titles) || m.titles.length > 50) return undefined;
        if (!m.titles.every((t) => typeof t === 'string' && t.length <= 500)) return undefined;
        if (m.kind !== undefined && m.kind !== 'flagged' && m.kind !== 'console') return undefined;
        out.push({
          rowId: m.rowId,
          titles: [...(m.titles as string[])],
          ...(m.kind === 'console' ? { kind: 'console' as const } : {}),
        });
      }
      return { type: 'page-verdict', verdict: verdict as 'benign' | 'suspicious' | 'escalate', findings, marks: out };
    }
    case 'highlight-row':
      return isId(raw.rowId) ? { type: 'highlight-row', rowId: raw.rowId } : undefined;
    case 'toggle-sidebar':
      if (raw.open !== undefined && typeof raw.open !== 'boolean') return undefined;
      return raw.open === undefined ? { type: 'toggle-sidebar' } : { type: 'toggle-sidebar', open: raw.open };
    case 'get-selection':
      return { type: 'get-selection' };
    case 'resend':
      return { type: 'resend' };
    default:
      return undefined;
  }
}
