import { RULE_TEMPLATES } from '../../../companion-server/src/contract/rule-templates';
import type { RuleInput } from '../../../companion-server/src/contract/rules';
import { blankRule } from './rule-draft';

/**
 * Where a new rule starts: one of the templates (stop-loss, scale winners, revive, a daily
 * budget schedule), built for the chosen accounts, or a rule from scratch. Either way it
 * starts off; the buyer adjusts it, previews it and turns it on.
 */
export function TemplatePicker(props: {
  advertiserIds: string[];
  onPick: (draft: RuleInput) => void;
}) {
  const card =
    'flex h-full w-full flex-col items-start gap-[4px] rounded-[8px] border border-slate-200 bg-white p-[12px] text-left hover:border-sky-400 hover:bg-sky-50';
  return (
    <section className="space-y-[8px]" data-testid="template-picker">
      <h2 className="text-[15px] font-bold">Start a rule</h2>
      <ul className="grid gap-[8px] sm:grid-cols-2">
        {RULE_TEMPLATES.map((template) => (
          <li key={template.id}>
            <button
              type="button"
              data-testid={`template-${template.id}`}
              onClick={() => props.onPick(template.build({ advertiserIds: props.advertiserIds }))}
              className={card}
            >
              <span className="text-[13px] font-semibold text-ink">{template.name}</span>
              <span className="text-[12px] leading-[17px] text-slate-600">
                {template.description}
              </span>
            </button>
          </li>
        ))}
        <li>
          <button
            type="button"
            data-testid="template-blank"
            onClick={() => props.onPick(blankRule(props.advertiserIds))}
            className={card}
          >
            <span className="text-[13px] font-semibold text-ink">From scratch</span>
            <span className="text-[12px] leading-[17px] text-slate-600">
              One condition and a pause, to change into anything the form allows.
            </span>
          </button>
        </li>
      </ul>
    </section>
  );
}
