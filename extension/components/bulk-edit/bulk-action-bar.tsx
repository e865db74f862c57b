/**
 * "N selected · Edit in bulk", shown while rows are selected, with "Duplicate" when the host
 * offers it (`onDuplicate`). `floating`: over Ads Manager's page, at the bottom centre of the
 * viewport; otherwise at the bottom of its container. On Ads Manager, ticked rows that the
 * toolkit could not identify are never edited: the bar counts them and offers the side panel.
 */
export function BulkActionBar(props: {
  count: number;
  onOpen: () => void;
  onDuplicate?: (() => void) | undefined;
  floating?: boolean;
  unidentified?: number;
  onSidePanel?: (() => void) | undefined;
}) {
  const unidentified = props.unidentified ?? 0;
  if (props.count === 0 && unidentified === 0) return null;
  const place = props.floating
    ? 'pointer-events-auto fixed bottom-[20px] left-1/2 -translate-x-1/2'
    : 'sticky bottom-[8px]';
  return (
    <div
      data-testid="bulk-action-bar"
      className={`${place} flex items-center gap-[12px] rounded-[8px] bg-ink px-[14px] py-[8px] text-[13px] leading-[18px] text-white shadow-lg`}
    >
      <span
        data-testid="bulk-selected-count"
        data-count={props.count}
        className="font-medium whitespace-nowrap"
      >
        {props.count.toLocaleString('en-US')} selected
      </span>
      {unidentified > 0 ? (
        <span data-testid="bulk-unidentified" data-count={unidentified} className="text-amber-200">
          {unidentified === 1
            ? '1 ticked row could not be identified'
            : `${unidentified.toLocaleString('en-US')} ticked rows could not be identified`}{' '}
          — use the side panel
        </span>
      ) : null}
      {unidentified > 0 && props.onSidePanel ? (
        <button
          type="button"
          data-testid="bulk-side-panel"
          onClick={props.onSidePanel}
          className="rounded-[6px] border border-white/60 px-[10px] py-[3px] text-[13px] whitespace-nowrap text-white hover:bg-white/10"
        >
          Side panel
        </button>
      ) : null}
      <button
        type="button"
        data-testid="bulk-open"
        disabled={props.count === 0}
        onClick={props.onOpen}
        className="rounded-[6px] bg-brand px-[12px] py-[4px] text-[13px] font-semibold whitespace-nowrap text-white hover:bg-[#e0244a] disabled:opacity-50"
      >
        Edit in bulk
      </button>
      {props.onDuplicate ? (
        <button
          type="button"
          data-testid="duplicate-open"
          onClick={props.onDuplicate}
          className="rounded-[6px] border border-white/60 px-[12px] py-[3px] text-[13px] font-semibold whitespace-nowrap text-white hover:bg-white/10"
        >
          Duplicate
        </button>
      ) : null}
    </div>
  );
}
