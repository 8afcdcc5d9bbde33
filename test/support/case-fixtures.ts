/**
 * Test input for the case exports (used by the *.test.ts files beside it only): the sample and
 * hostile cases of test/support/cases.ts with two hand-built containment actions, a checklist
 * entry and notes on them, and the hostile JWT planted in a note, a command, an event and a
 * finding. Fixed times, so golden files stay stable.
 */
import { hostileCase, hostileNotes, HOSTILE, sampleCase, sampleNotes } from './cases';
import { CaseSchema, type Case, type Note } from '../../lib/model/case';
import type { ContainmentAction } from '../../lib/playbook/containment/types';
import type { CaseExportInput } from '../../lib/export/case-document';

export const EXPORTED_AT = Date.UTC(2026, 10, 20, 4, 0, 0);

function actions(c: Case, hostile: boolean): ContainmentAction[] {
  const user = hostile ? HOSTILE.formula2 : 'ci-deploy';
  return [
    {
      id: 'aws-deactivate-key',
      provider: 'aws',
      playbookItem: 'c-revoke-reauth',
      title: 'Deactivate the stolen access key',
      why: 'An inactive key fails every call at once; delete it after the investigation.',
      language: 'bash',
      command: `aws iam update-access-key --user-name '${user}' --access-key-id AKIAEXAMPLEKEY000001 --status Inactive`,
      missing: [],
    },
    {
      id: 'aws-review-policies',
      provider: 'aws',
      playbookItem: 'c-review-policies',
      title: hostile ? `Review ${HOSTILE.markdown}` : "Review the user's attached policies",
      why: hostile ? HOSTILE.jira : 'Find what the key could do, to scope the impact.',
      language: 'bash',
      command: hostile
        ? `echo \`\`\`\` '${HOSTILE.markdown}'\n{noformat}\n[code]<script>alert(1)</script>[/code]\nexport T=${HOSTILE.secret}\n${HOSTILE.control}`
        : `aws iam list-attached-user-policies --user-name ${user}\naws iam list-user-policies --user-name ${user}`,
      missing: hostile ? ['<ROLE_NAME>'] : [],
    },
  ];
}

export function sampleInput(): CaseExportInput {
  const c = sampleCase();
  c.checklist['aws-deactivate-key'] = { state: 'done', at: c.updatedAt, by: c.analyst };
  const notes: Note[] = [
    ...sampleNotes(c),
    {
      caseId: c.id,
      stepId: 'aws-deactivate-key',
      text: 'Key deactivated at 03:20 UTC.\nCI pipeline switched to OIDC.',
      updatedAt: c.updatedAt,
      by: c.analyst,
    },
    { caseId: c.id, stepId: 'general', text: 'Owner of ci-deploy informed.', updatedAt: c.updatedAt, by: c.analyst },
    {
      caseId: 'case-other',
      stepId: 'general',
      text: 'A note of another case: must not appear.',
      updatedAt: c.updatedAt,
      by: c.analyst,
    },
  ];
  return { case: CaseSchema.parse(c), notes, containment: actions(c, false), exportedAt: EXPORTED_AT };
}

export function hostileInput(): CaseExportInput {
  const c = hostileCase();
  c.snapshot.events[1]!.userAgent = `curl/8.0 Authorization: Bearer ${HOSTILE.secret}`;
  c.snapshot.findings[0]!.detail += ` token=${HOSTILE.secret}`;
  c.checklist['aws-review-policies'] = { state: 'not-applicable', at: c.updatedAt, by: HOSTILE.formula3 };
  const notes: Note[] = [
    ...hostileNotes(c),
    {
      caseId: c.id,
      stepId: 'decision-escalate-t2',
      text: `Bearer ${HOSTILE.secret}\n${HOSTILE.quotes}\n${HOSTILE.formula}`,
      updatedAt: c.updatedAt,
      by: HOSTILE.formula4,
    },
    {
      caseId: c.id,
      stepId: 'aws-review-policies',
      text: `h1. Heading\nbq. quote\n# list\n- item\n1. item\n    indented\n\`\`\`\nfence\n[code]<b>x</b>[/code]`,
      updatedAt: c.updatedAt,
      by: c.analyst,
    },
    {
      caseId: c.id,
      stepId: 'retired-step',
      text: `${HOSTILE.formula2} ${HOSTILE.markdown}`,
      updatedAt: c.updatedAt,
      by: c.analyst,
    },
  ];
  return { case: CaseSchema.parse(c), notes, containment: actions(c, true), exportedAt: EXPORTED_AT };
}
