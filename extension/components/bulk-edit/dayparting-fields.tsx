import { useId } from 'react';
import { DaypartingGrid } from './dayparting-grid';
import { INPUT, LABEL } from './field-styles';
import type { DaypartingDraft } from './operation-draft';

/**
 * The dayparting inputs for ad groups: draw the hours in the grid, or copy the grid of
 * another ad group of the account (one of those selected, or any by its id). Either way the
 * new grid replaces each ad group's own; the preview shows the hours before and after.
 */
export function DaypartingFields(props: {
  draft: DaypartingDraft;
  onChange: (change: Partial<DaypartingDraft>) => void;
  /** The selected ad groups, offered as sources to copy from. */
  candidates: ReadonlyArray<{ id: string; name: string | null }>;
}) {
  const { draft, onChange } = props;
  const id = useId();
  return (
    <div className="space-y-[8px]">
      <fieldset className="flex gap-[12px] text-[13px]">
        <legend className="sr-only">How</legend>
        {(['set', 'copy'] as const).map((mode) => (
          <label key={mode} className="flex items-center gap-[4px]">
            <input
              type="radio"
              name={`${id}-mode`}
              data-testid={`bulk-daypart-${mode}`}
              checked={draft.mode === mode}
              onChange={() => onChange({ mode })}
            />
            {mode === 'set' ? 'Draw the hours' : 'Copy from an ad group'}
          </label>
        ))}
      </fieldset>
      {draft.mode === 'set' ? (
        <DaypartingGrid value={draft.grid} onChange={(grid) => onChange({ grid })} />
      ) : (
        <label className={LABEL}>
          Ad group to copy from (id)
          <input
            data-testid="bulk-daypart-from"
            list={`${id}-candidates`}
            inputMode="numeric"
            autoComplete="off"
            value={draft.fromAdgroupId}
            onChange={(event) => onChange({ fromAdgroupId: event.target.value })}
            className={`${INPUT} font-mono`}
          />
          <datalist id={`${id}-candidates`}>
            {props.candidates.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name ?? candidate.id}
              </option>
            ))}
          </datalist>
        </label>
      )}
    </div>
  );
}
