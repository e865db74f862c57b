import type { RulesPageView } from '../rules/rules-address';

const VIEW_LABELS: Record<RulesPageView, string> = {
  rules: 'Rules',
  schedules: 'Scheduled changes',
};

/**
 * The rules page's two views, side by side in its header: rules (changes on a condition)
 * and scheduled changes (changes at a time). The page keeps the choice in its address.
 */
export function PageViewSwitch(props: {
  view: RulesPageView;
  onView: (view: RulesPageView) => void;
}) {
  return (
    <div
      className="inline-flex rounded-[8px] bg-slate-100 p-[2px]"
      role="tablist"
      aria-label="Rules or scheduled changes"
      data-testid="page-view-switch"
    >
      {(Object.keys(VIEW_LABELS) as RulesPageView[]).map((view) => (
        <button
          key={view}
          type="button"
          role="tab"
          aria-selected={props.view === view}
          data-testid={`page-view-${view}`}
          onClick={() => props.onView(view)}
          className={`rounded-[6px] px-[12px] py-[4px] text-[13px] font-medium whitespace-nowrap ${props.view === view ? 'bg-white text-ink shadow-sm' : 'text-slate-600 hover:text-ink'}`}
        >
          {VIEW_LABELS[view]}
        </button>
      ))}
    </div>
  );
}
