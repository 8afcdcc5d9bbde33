/**
 * console-from-programmatic — a console session obtained from programmatic or instance
 * credentials: GetSigninToken / ConsoleLogin by an instance or workload role, by a federated
 * user (GetFederationToken → federation URL), or with a temporary key that is not itself a
 * console session.
 *
 * Playbook: T2 "assess if attacker lateral movement can be correlated with token use".
 * Public content (docs/detections.md, 'console-from-programmatic'): Sigma "AWS Console
 * GetSigninToken Potential Abuse", Elastic "AWS Sign-In Token Created" (building block), "AWS EC2
 * Instance Console Login via Assumed Role", "AWS Sign-In Console Login with Federated User",
 * Panther AWS.Console.GetSigninToken.Abuse (GetSigninToken with a non-SSO user agent).
 *
 * False-positive lessons: the AWS SSO portal calls GetSigninToken with the user agent
 * `Jersey/${project.version}` — excluded; console sessions carry ASIA keys
 * (`credential.fromConsole`) — switching roles in the console is not a pivot; SAML/SSO
 * ConsoleLogin of an assumed role without a key is the normal federated sign-in.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, listSome, maxSeverity, maxEvidenceSetting } from '../finding';
import { isSsoPortalUserAgent, SSO_PORTAL_USER_AGENT_PREFIXES } from './catalog/minting-calls';

/** AWS events that open or prepare a console session. */
export const CONSOLE_SIGNIN_CALLS = ['GetSigninToken', 'ConsoleLogin'] as const;

export const consoleFromProgrammaticSettings = z.object({
  /** Elastic "AWS EC2 Instance Console Login via Assumed Role": instance / workload role credentials used for the console. */
  workloadSeverity: z.enum(['info', 'low', 'medium', 'high']).default('high'),
  /** Federated user (GetFederationToken) or temporary key turned into a console session (Sigma and Panther GetSigninToken rules). */
  programmaticSeverity: z.enum(['info', 'low', 'medium', 'high']).default('medium'),
  /** User-agent prefixes of the SSO portal (Sigma, Elastic and Panther GetSigninToken rules). */
  ssoPortalUserAgents: z.array(z.string()).default([...SSO_PORTAL_USER_AGENT_PREFIXES]),
  maxEvidence: maxEvidenceSetting,
});
export type ConsoleFromProgrammaticSettings = z.infer<typeof consoleFromProgrammaticSettings>;

export const consoleFromProgrammatic = defineIndicator({
  id: 'console-from-programmatic',
  title: 'Console session from programmatic credentials',
  signals: ['unusual-api-use', 'known-malicious'],
  settings: consoleFromProgrammaticSettings,
  evaluate(ctx: EngineContext, s: ConsoleFromProgrammaticSettings): Finding[] {
    const groups = new Map<string, { events: TokenEvent[]; severity: Severity; reasons: Set<string> }>();
    for (const e of ctx.events) {
      if (e.provider !== 'aws' || !(CONSOLE_SIGNIN_CALLS as readonly string[]).includes(e.action.name)) continue;
      if (!e.outcome.success) continue;
      if (isSsoPortalUserAgent(e.source.userAgent, s.ssoPortalUserAgents)) continue;
      const why = reasonOf(e, s);
      if (!why) continue;
      let g = groups.get(e.actor.id);
      if (!g) groups.set(e.actor.id, (g = { events: [], severity: 'info', reasons: new Set() }));
      g.events.push(e);
      g.severity = maxSeverity(g.severity, why.severity);
      g.reasons.add(why.text);
    }
    const out: Finding[] = [];
    for (const [actor, g] of groups) {
      const calls = new Set(g.events.map((e) => e.action.name));
      const uas = new Set(g.events.map((e) => e.source.userAgent).filter((u): u is string => !!u));
      const ips = new Set(g.events.map((e) => e.source.ip ?? e.source.caller).filter((u): u is string => !!u));
      const facts = [`${listSome(calls)} by ${actor}: ${[...g.reasons].join('; ')}`];
      if (uas.size) facts.push(`user agent ${listSome(uas, 3)}`);
      if (ips.size) facts.push(`from ${listSome(ips, 5)}`);
      out.push(
        findingFrom(
          'console-from-programmatic',
          {
            severity: g.severity,
            title: `Console sign-in from programmatic credentials of ${actor}`,
            detail: facts.join('; '),
          },
          g.events,
          s.maxEvidence,
        ),
      );
    }
    return out.sort((a, b) => a.time - b.time);
  },
});

function reasonOf(e: TokenEvent, s: ConsoleFromProgrammaticSettings): { severity: Severity; text: string } | undefined {
  const cred = e.credential;
  if (e.actor.kind === 'workload') {
    return {
      severity: s.workloadSeverity,
      text: `instance / workload role credentials${cred?.id ? ' ' + cred.id : ''} used for the console`,
    };
  }
  if (e.actor.kind === 'federated' || e.actor.type === 'FederatedUser') {
    return {
      severity: s.programmaticSeverity,
      text: 'federated user (GetFederationToken credentials) signing in to the console',
    };
  }
  if (cred?.kind === 'temporary_key' && cred.fromConsole !== true) {
    return {
      severity: s.programmaticSeverity,
      text: `temporary key${cred.id ? ' ' + cred.id : ''} from outside a console session exchanged for a console sign-in`,
    };
  }
  return undefined;
}
