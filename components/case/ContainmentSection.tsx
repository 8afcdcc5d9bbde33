/**
 * Containment and Further Analysis: the playbook's three sentences, each a checklist item, and
 * under each the provider actions that serve it (lib/playbook/containment) with the case's real
 * values filled in and a copy button. The extension never runs them. The case's own providers
 * come first and open; the others stay available, folded.
 */
import type { ContainmentAction, ContainmentProviderPlan } from '../../lib/playbook/containment/types';
import { T1550_001 } from '../../lib/playbook/t1550-001';
import type { CaseViewState } from './case-actions';
import { CopyButton } from './CopyButton';
import { StepItem } from './StepItem';
import { PlaybookSection } from './CaseSections';

export interface ContainmentSectionProps extends CaseViewState {
  plan: readonly ContainmentProviderPlan[];
}

export function ContainmentSection({ plan, ...props }: ContainmentSectionProps) {
  return (
    <PlaybookSection id="sec-containment" title="Containment and Further Analysis">
      <ol className="steps">
        {T1550_001.containment.map((item) => (
          <StepItem key={item.id} id={item.id} text={item.text} {...props}>
            {plan.map((p) => {
              const actions = p.actions.filter((a) => a.playbookItem === item.id);
              if (!actions.length) return null;
              return (
                <details key={p.provider} className={`provider provider-${p.provider}`} open={p.relevant}>
                  <summary>
                    {p.label}
                    {p.relevant ? ' (this case)' : ''}: {actions.length} step{actions.length === 1 ? '' : 's'}
                  </summary>
                  <ol className="actions">
                    {actions.map((a) => (
                      <Action key={a.id} action={a} {...props} />
                    ))}
                  </ol>
                </details>
              );
            })}
          </StepItem>
        ))}
      </ol>
    </PlaybookSection>
  );
}

function Action({ action: a, ...props }: CaseViewState & { action: ContainmentAction }) {
  return (
    <StepItem id={a.id} heading={a.title} text={a.why} {...props}>
      <div className="command">
        <div className="query-head">
          <span className="language">{a.language === 'console' ? 'In the console' : a.language}</span>{' '}
          <CopyButton text={a.command} what={a.title} />
        </div>
        <pre className="code">{a.command}</pre>
        {a.missing.length > 0 && (
          <p className="missing">
            Fill in before running: {a.missing.join(', ')} (the case has no value for{' '}
            {a.missing.length === 1 ? 'it' : 'them'})
          </p>
        )}
      </div>
    </StepItem>
  );
}
