/**
 * The containment registry: one builder per provider (each in its own file beside this one) and
 * the plan for a case — every provider's actions with the case's values filled in, the providers
 * the case's events came from first (open in the UI), the others after them so the analyst can
 * still see them. The extension shows each action with a copy button and never runs it.
 * Pure and deterministic (same case, same plan).
 */
import type { Case } from '../../model/case';
import { buildAws } from './aws';
import { buildEntra } from './entra';
import { buildGcp } from './gcp';
import { buildGithub } from './github';
import { buildOkta } from './okta';
import { containmentProviderOf } from './shared';
import {
  CONTAINMENT_PROVIDERS,
  type ContainmentBuilder,
  type ContainmentProvider,
  type ContainmentProviderPlan,
} from './types';
import { buildWorkspace } from './workspace';

export * from './types';

export const CONTAINMENT_BUILDERS: Record<ContainmentProvider, { label: string; build: ContainmentBuilder }> = {
  aws: { label: 'AWS', build: buildAws },
  entra: { label: 'Microsoft Entra ID / Microsoft 365', build: buildEntra },
  gcp: { label: 'Google Cloud', build: buildGcp },
  okta: { label: 'Okta', build: buildOkta },
  workspace: { label: 'Google Workspace', build: buildWorkspace },
  github: { label: 'GitHub', build: buildGithub },
};

/** The containment providers the case's events came from (aws; entra/azure/m365 → entra; …). */
export function relevantProviders(c: Case): Set<ContainmentProvider> {
  return new Set(c.snapshot.events.map((e) => containmentProviderOf(e.provider)));
}

/** Every provider's actions for the case: relevant providers first, each group in CONTAINMENT_PROVIDERS order. */
export function containmentPlan(c: Case): ContainmentProviderPlan[] {
  const relevant = relevantProviders(c);
  const plans = CONTAINMENT_PROVIDERS.map((provider): ContainmentProviderPlan => ({
    provider,
    label: CONTAINMENT_BUILDERS[provider].label,
    relevant: relevant.has(provider),
    actions: CONTAINMENT_BUILDERS[provider].build(c),
  }));
  return [...plans.filter((p) => p.relevant), ...plans.filter((p) => !p.relevant)];
}
