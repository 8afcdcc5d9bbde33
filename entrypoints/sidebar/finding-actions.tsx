/**
 * "Mark as expected" in an expanded finding, wired to the background (issue 10). A chunk of its
 * own: the allow-list's schema (zod, ipaddr.js) is not needed for the sidebar's first paint
 * (issue 11); entrypoints/sidebar/main.tsx loads it lazily and preloads it after that paint.
 */
import type { FindingView } from '../../lib/analysis/analyse';
import { markExpected } from '../../lib/messaging/mark-expected';
import { MarkExpected } from '../../components/MarkExpected';

export interface FindingActionsProps {
  finding: FindingView;
  /** The analyst's name as the case store records it. */
  analyst: string;
  /** Sends a message to the background (through the sidebar's gate). */
  send(message: unknown): Promise<unknown>;
}

export default function FindingActions({ finding, analyst, send }: FindingActionsProps) {
  return <MarkExpected finding={finding} onMark={(entry) => markExpected(send, finding, entry, analyst)} />;
}
