/**
 * The shape of one containment action: a command or console step for one provider, with the
 * case's real values filled in (the extension shows it with a copy button and never runs it).
 * Each provider's actions live in their own file beside this one; ./index.ts is the registry.
 */
import type { Case } from '../../model/case';

export const CONTAINMENT_PROVIDERS = ['aws', 'entra', 'gcp', 'okta', 'workspace', 'github'] as const;
export type ContainmentProvider = (typeof CONTAINMENT_PROVIDERS)[number];

/** The playbook's Containment and Further Analysis items (lib/playbook/t1550-001.ts) an action serves. */
export type ContainmentItemId = 'c-revoke-reauth' | 'c-review-policies' | 'c-audit-monitoring';

export interface ContainmentAction {
  /** Stable id, `<provider>-<what>` (checklist state and notes are keyed by it; never reuse). */
  id: string;
  provider: ContainmentProvider;
  playbookItem: ContainmentItemId;
  /** What the step does, imperative: "Revoke the role's active sessions". */
  title: string;
  /** Why and what to watch for, one or two sentences. */
  why: string;
  /** How `command` is meant to be run. */
  language: 'bash' | 'powershell' | 'http' | 'console';
  /** The command or console path, values from the case filled in and quoted for `language`. */
  command: string;
  /** Placeholders left in `command` (`<ROLE_NAME>`) because the case had no value for them. */
  missing: string[];
}

export interface ContainmentProviderPlan {
  provider: ContainmentProvider;
  label: string;
  /** true when the case's events came from this provider (the UI shows these first, open). */
  relevant: boolean;
  actions: ContainmentAction[];
}

export type ContainmentBuilder = (c: Case) => ContainmentAction[];
