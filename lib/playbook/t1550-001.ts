/**
 * The T1550.001 playbook (../shared/playbook/T1550.001.md) as typed data: every row of its table,
 * with the playbook's exact sentences. Each cell is split into items, one sentence each, with a
 * stable id, so the UI can render a checklist, keep state and notes per item, and the exports can
 * quote it. Nothing here is reworded: t1550-001.test.ts checks every sentence of every cell of the
 * Markdown file against this data, verbatim.
 *
 * Links to the engine: each Key Indicator and Question names the PlaybookSignal(s) it covers
 * (lib/engine/types.ts), and the Decision for Escalation names the verdict grounds it states
 * (lib/engine/verdict.ts). Answers to the Questions are in ./answers.ts.
 */
import type { PlaybookSignal } from '../engine/types';
import type { Ground } from '../engine/verdict';

/** One sentence of a playbook cell. */
export interface PlaybookItem {
  /** Stable id (checklist state and notes are keyed by it; never reuse or renumber). */
  readonly id: string;
  /** The playbook's sentence, verbatim. */
  readonly text: string;
}

export interface SignalItem extends PlaybookItem {
  /** The engine signals that serve this item. */
  readonly signals: readonly PlaybookSignal[];
}

export const QUESTION_IDS = ['q-unfamiliar-source', 'q-failures-before-success', 'q-malicious-patterns'] as const;
export type QuestionId = (typeof QUESTION_IDS)[number];

export interface Question extends SignalItem {
  readonly id: QuestionId;
}

export interface Playbook {
  /** The heading of the playbook file. */
  readonly title: string;
  /** "MITRE Tactic", verbatim, and split into its tactics. */
  readonly tactic: string;
  readonly tactics: readonly string[];
  readonly ttp: string;
  readonly subTtp: string;
  readonly name: string;
  readonly logSources: readonly PlaybookItem[];
  readonly keyIndicators: readonly SignalItem[];
  readonly questions: readonly Question[];
  readonly decision: PlaybookItem & {
    /** The grounds of the decision, in the order the sentence states them (GROUND_TEXT words them). */
    readonly grounds: readonly Ground[];
  };
  readonly l1Steps: readonly PlaybookItem[];
  readonly t2Actions: readonly PlaybookItem[];
  readonly containment: readonly PlaybookItem[];
}

/** The table's row labels and the field that holds each row. */
export const PLAYBOOK_ROWS = {
  'MITRE Tactic': 'tactic',
  'MITRE TTP': 'ttp',
  'MITRE Sub-TTP': 'subTtp',
  Name: 'name',
  'Log Sources to Investigate': 'logSources',
  'Key Indicators': 'keyIndicators',
  'Questions for Analysis': 'questions',
  'Decision for Escalation': 'decision',
  'Additional Analysis Steps for L1': 'l1Steps',
  'T2 Analyst Actions': 't2Actions',
  'Containment and Further Analysis': 'containment',
} as const satisfies Record<string, keyof Playbook>;

export const T1550_001: Playbook = {
  title: 'Use_Alternate_Authentication_Material:_Application_Access_Token - T1550001',
  tactic: 'Defense Evasion, Lateral Movement',
  tactics: ['Defense Evasion', 'Lateral Movement'],
  ttp: 'T1550.001',
  subTtp: 'T1550.001',
  name: 'Use Alternate Authentication Material: Application Access Token',
  logSources: [
    {
      id: 'ls-cloud-provider',
      text:
        'Begin with Cloud Service Provider logs such as AWS CloudTrail, Azure Activity Logs, and GCP ' +
        'Audit Logs, as they provide information about API calls and token requests.',
    },
    {
      id: 'ls-oauth-server',
      text: 'Monitor OAuth authorization server logs for unusual token issuances or refresh requests.',
    },
    {
      id: 'ls-application',
      text: "Review application logs for API accesses performed using tokens, especially those indicating 'create', 'list', 'update', or 'delete' operations.",
    },
    { id: 'ls-saas', text: 'Include SaaS application logs for unauthorized access patterns.' },
  ],
  keyIndicators: [
    {
      id: 'ki-source-time-geo',
      text:
        'Look for anomalies in the source IP addresses used for token access, unusual times of access, ' +
        'or access from geographical locations that do not match typical user behavior.',
      signals: ['unfamiliar-source', 'unusual-time'],
    },
    {
      id: 'ki-mass-api',
      text: 'Monitor signs of mass API access requests, particularly those directed at sensitive resources or using elevated privileges.',
      signals: ['unusual-api-use'],
    },
    {
      id: 'ki-token-minting',
      text:
        "Pay attention to any 'sts:GetFederationToken' or equivalent API calls in cloud environments, " +
        "particularly those creating permissions that are broader than the original user's permissions.",
      signals: ['token-minting'],
    },
  ],
  questions: [
    {
      id: 'q-unfamiliar-source',
      text: 'Did the token access occur from an unfamiliar IP address or geographical location?',
      signals: ['unfamiliar-source'],
    },
    {
      id: 'q-failures-before-success',
      text: 'Are there multiple failed access attempts or unusual patterns prior to successful access?',
      signals: ['failed-then-success'],
    },
    {
      id: 'q-malicious-patterns',
      text: 'Is the token usage aligned with known malicious patterns, such as unusual API calls or mass data extraction?',
      signals: ['known-malicious', 'unusual-api-use'],
    },
  ],
  decision: {
    id: 'decision-escalate-t2',
    text:
      'Escalate to Tier 2 if there is evidence of a token being used from unfamiliar or risky locations, ' +
      "patterns of API use that are inconsistent with the user's profile, or if multiple accounts " +
      'are affected in a similar manner indicating potential widespread compromise.',
    grounds: ['location', 'behaviour', 'multi-account'],
  },
  l1Steps: [
    {
      id: 'l1-correlate-logins',
      text: 'Correlate suspicious token activity with recent login attempts to identify if there was a brute force or phishing attempt prior to token use.',
    },
    {
      id: 'l1-new-applications',
      text: 'Check for new or unusual applications authorized by users that could be malicious.',
    },
    {
      id: 'l1-legitimate-pattern',
      text: 'Verify legitimate user access patterns against the suspicious activity timeline.',
    },
  ],
  t2Actions: [
    {
      id: 't2-api-scope-impact',
      text: 'Conduct deeper analysis of the unusual API requests to determine the scope and impact.',
    },
    { id: 't2-other-users-tokens', text: 'Check if additional users or tokens are similarly compromised.' },
    {
      id: 't2-privesc-lateral',
      text:
        "Investigate any anomalies in the user's privilege escalation attempts that align with suspicious " +
        'activities and assess if attacker lateral movement can be correlated with token use.',
    },
  ],
  containment: [
    {
      id: 'c-revoke-reauth',
      text: 'Revoke compromised access tokens immediately and force re-authentication of impacted accounts with MFA enabled.',
    },
    {
      id: 'c-review-policies',
      text: 'Work with cloud service teams to review IAM and token policies to ensure they limit actions as intended.',
    },
    {
      id: 'c-audit-monitoring',
      text: 'Conduct a thorough audit of permissions and token handling policies, and enhance monitoring for anomaly detection in API access patterns.',
    },
  ],
};

/** Every item with an id, in table order (for uniqueness checks and id lookups). */
export function playbookItems(p: Playbook = T1550_001): PlaybookItem[] {
  return [
    ...p.logSources,
    ...p.keyIndicators,
    ...p.questions,
    p.decision,
    ...p.l1Steps,
    ...p.t2Actions,
    ...p.containment,
  ];
}
