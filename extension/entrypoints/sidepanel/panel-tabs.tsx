/**
 * What the side panel shows: the lists of the account (with their bulk tools), its rules, or
 * its ads whose landing page lacks the tracking parameters.
 */
export type PanelTab = 'lists' | 'rules' | 'tracking';

const TABS: { tab: PanelTab; label: string; title: string }[] = [
  { tab: 'lists', label: 'Lists', title: 'Campaigns, ad groups and ads, with bulk edits' },
  { tab: 'rules', label: 'Rules', title: 'Automated rules: on/off and how their last run went' },
  {
    tab: 'tracking',
    label: 'Tracking',
    title: 'Ads whose landing page lacks the tracking parameters orders are attributed by',
  },
];

export function PanelTabs(props: { tab: PanelTab; onTab: (tab: PanelTab) => void }) {
  return (
    <div className="flex shrink-0 gap-1" role="tablist" data-testid="panel-tabs">
      {TABS.map(({ tab, label, title }) => (
        <button
          key={tab}
          type="button"
          role="tab"
          aria-selected={props.tab === tab}
          data-testid={`panel-tab-${tab}`}
          title={title}
          onClick={() => props.onTab(tab)}
          className={`rounded px-2 py-0.5 text-[12px] font-medium ${props.tab === tab ? 'bg-sky-100 text-sky-900' : 'text-slate-600 hover:bg-slate-100'}`}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
