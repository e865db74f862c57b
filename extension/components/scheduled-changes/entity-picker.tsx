import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EntityView, Level } from '../../../companion-server/src/contract/ads-manager';
import { formatMoney } from '../../../companion-server/src/contract/currency';
import { MAX_SCHEDULED_ENTITIES } from '../../../companion-server/src/contract/scheduled-changes';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { LEVEL_LABELS } from '../reporting/levels';
import { CONTROL, FieldError, IdListInput } from '../rules/form-controls';
import { SpacerRow, useVirtualRows } from '../virtual-table/virtual-rows';

/** A name and its id under it; rows are measured, this is the first guess. */
const ROW_PX = 36;
const COLUMNS = 3;

type Mode = 'pick' | 'paste';

/**
 * The items a change acts on: ticked in the ad account's list of the level (a filter box
 * for names and ids; only the rows in sight are rendered, accounts have thousands), or
 * pasted as ids. Both edit the same list; ids not in the account's list are counted apart.
 */
export function EntityPicker(props: {
  advertiserId: string;
  level: Level;
  currency: string | null;
  value: readonly string[];
  onChange: (ids: string[]) => void;
  error: string | undefined;
  readOnly: boolean;
}) {
  const { advertiserId, level, value, readOnly } = props;
  const [mode, setMode] = useState<Mode>('pick');
  const [filter, setFilter] = useState('');
  // A saved change opens on its own items; a new one on the whole list.
  const [chosenOnly, setChosenOnly] = useState(value.length > 0);
  const entities = useQuery({
    queryKey: queryKeys.listEntities(advertiserId, level),
    queryFn: () => api('listEntities', { params: { advertiserId }, query: { level } }),
    enabled: advertiserId !== '',
  });
  const all = entities.data?.entities;
  const chosen = useMemo(() => new Set(value), [value]);
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (all ?? []).filter(
      (entity) =>
        (!chosenOnly || chosen.has(entity.id)) &&
        (needle === '' || entity.name.toLowerCase().includes(needle) || entity.id.includes(needle)),
    );
  }, [all, filter, chosenOnly, chosen]);
  const unknown = useMemo(() => {
    const known = new Set((all ?? []).map((entity) => entity.id));
    return all ? value.filter((id) => !known.has(id)).length : 0;
  }, [all, value]);

  const toggle = (id: string) =>
    props.onChange(chosen.has(id) ? value.filter((other) => other !== id) : [...value, id]);
  const shownIds = shown.map((entity) => entity.id);
  const allShownChosen = shownIds.length > 0 && shownIds.every((id) => chosen.has(id));
  const someShownChosen = shownIds.some((id) => chosen.has(id));
  const toggleShown = () => {
    if (allShownChosen) {
      const drop = new Set(shownIds);
      props.onChange(value.filter((id) => !drop.has(id)));
    } else {
      props.onChange([...value, ...shownIds.filter((id) => !chosen.has(id))]);
    }
  };
  const noun = LEVEL_LABELS[level].toLowerCase();

  return (
    <div className="space-y-[6px]" data-testid="entity-picker">
      <div className="flex flex-wrap items-center gap-[6px]">
        <div className="flex gap-[4px]" role="tablist" aria-label="How to choose">
          {(['pick', 'paste'] as const).map((option) => (
            <button
              key={option}
              type="button"
              role="tab"
              aria-selected={mode === option}
              data-testid={`entities-mode-${option}`}
              onClick={() => setMode(option)}
              className={`rounded-[6px] px-[10px] py-[3px] text-[12px] ${mode === option ? 'bg-ink text-white' : 'bg-slate-100 text-slate-700 hover:bg-slate-200'}`}
            >
              {option === 'pick' ? 'From the list' : 'Paste ids'}
            </button>
          ))}
        </div>
        <span className="text-[12px] text-slate-600" data-testid="entities-count">
          {chosen.size.toLocaleString('en-US')} chosen, up to{' '}
          {MAX_SCHEDULED_ENTITIES.toLocaleString('en-US')}
        </span>
      </div>
      {mode === 'paste' ? (
        <IdListInput
          label={`${LEVEL_LABELS[level]} ids`}
          placeholder="Ids, one a line or separated by commas"
          testId="entities-paste"
          disabled={readOnly}
          value={value.length > 0 ? [...value] : null}
          invalid={props.error !== undefined}
          onChange={(ids) => props.onChange(ids ?? [])}
        />
      ) : advertiserId === '' ? (
        <p className="text-[12px] text-slate-500">Choose the ad account to list its {noun}.</p>
      ) : entities.error ? (
        <PanelNote tone="error" testId="entities-error">
          Could not list the {noun}: {errorMessage(entities.error)}. Paste their ids instead.
        </PanelNote>
      ) : !all ? (
        <p className="text-[12px] text-slate-500">Listing the {noun}…</p>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-[8px]">
            <input
              type="search"
              aria-label={`Filter the ${noun}`}
              data-testid="entities-filter"
              placeholder="Filter by name or id"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
              className={`${CONTROL} min-w-[160px] flex-1`}
            />
            <label className="flex items-center gap-[4px] text-[12px] text-slate-700">
              <input
                type="checkbox"
                data-testid="entities-chosen-only"
                checked={chosenOnly}
                onChange={(event) => setChosenOnly(event.target.checked)}
              />
              Chosen only
            </label>
          </div>
          <EntityRows
            entities={shown}
            chosen={chosen}
            currency={props.currency}
            onToggle={toggle}
            allChosen={allShownChosen}
            someChosen={someShownChosen}
            onToggleShown={toggleShown}
            resetKey={`${advertiserId}|${level}|${filter}|${chosenOnly}`}
            readOnly={readOnly}
            total={all.length}
          />
        </>
      )}
      {unknown > 0 ? (
        <p className="text-[11px] text-amber-800" data-testid="entities-unknown">
          {unknown.toLocaleString('en-US')} chosen {unknown === 1 ? 'id is' : 'ids are'} not in the
          account’s list of {noun}: deleted, mistyped, or of another level.
        </p>
      ) : null}
      <FieldError message={props.error} field="entityIds" />
    </div>
  );
}

function EntityRows(props: {
  entities: readonly EntityView[];
  chosen: ReadonlySet<string>;
  currency: string | null;
  onToggle: (id: string) => void;
  allChosen: boolean;
  someChosen: boolean;
  onToggleShown: () => void;
  resetKey: string;
  readOnly: boolean;
  total: number;
}) {
  const { entities } = props;
  const [scrollBox, setScrollBox] = useState<HTMLDivElement | null>(null);
  const virtual = useVirtualRows({
    count: entities.length,
    scrollElement: scrollBox,
    estimatedRowPx: ROW_PX,
    resetKey: props.resetKey,
  });
  const selectAll = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = props.someChosen && !props.allChosen;
  });
  return (
    <div
      ref={setScrollBox}
      className="max-h-[300px] overflow-auto rounded-[6px] border border-slate-200 bg-white"
      data-testid="entities-scroll"
    >
      <table
        className="w-full table-fixed border-separate border-spacing-0 text-[12px]"
        data-testid="entities-table"
        data-rows={entities.length}
      >
        <colgroup>
          <col className="w-[32px]" />
          <col />
          <col className="w-[96px] sm:w-[120px]" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-slate-50 text-left text-[11px] text-slate-600">
          <tr>
            <th className="border-b border-slate-200 py-[4px] text-center">
              <input
                ref={selectAll}
                type="checkbox"
                aria-label="Choose all shown"
                data-testid="entities-all"
                disabled={props.readOnly || entities.length === 0}
                checked={props.allChosen}
                onChange={props.onToggleShown}
              />
            </th>
            <th className="border-b border-slate-200 px-[6px] py-[4px] font-medium">
              {entities.length === props.total
                ? `${props.total.toLocaleString('en-US')} in the account`
                : `${entities.length.toLocaleString('en-US')} of ${props.total.toLocaleString('en-US')} shown`}
            </th>
            <th className="border-b border-slate-200 px-[6px] py-[4px] text-right font-medium">
              Budget
            </th>
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={virtual.spaceBefore} columns={COLUMNS} />
          {virtual.rows.map((item) => {
            const entity = entities[item.index];
            if (!entity) return null;
            const paused = entity.operationStatus === 'DISABLE';
            return (
              <tr
                key={entity.id}
                ref={virtual.measure}
                data-index={item.index}
                data-testid="entity-row"
                data-entity-id={entity.id}
                className="hover:bg-slate-50"
              >
                <td className="border-b border-slate-100 py-[4px] text-center align-top">
                  <input
                    type="checkbox"
                    aria-label={`Choose ${entity.name}`}
                    data-testid="entity-choose"
                    disabled={props.readOnly}
                    checked={props.chosen.has(entity.id)}
                    onChange={() => props.onToggle(entity.id)}
                  />
                </td>
                <td className="border-b border-slate-100 px-[6px] py-[4px] align-top">
                  <span className="block truncate text-ink" title={entity.name}>
                    {entity.name}
                  </span>
                  <span className="block truncate font-mono text-[11px] text-slate-500">
                    {entity.id}
                  </span>
                </td>
                <td className="border-b border-slate-100 px-[6px] py-[4px] text-right align-top tabular-nums text-slate-700">
                  {entity.budget !== null && props.currency
                    ? formatMoney(entity.budget, props.currency)
                    : '—'}
                  {/* Under the budget: the id's line is the one cut at 360 px. */}
                  {paused ? <span className="block text-[11px] text-amber-800">paused</span> : null}
                </td>
              </tr>
            );
          })}
          <SpacerRow height={virtual.spaceAfter} columns={COLUMNS} />
        </tbody>
      </table>
      {entities.length === 0 ? (
        <p className="px-[8px] py-[6px] text-[12px] text-slate-500" data-testid="entities-none">
          Nothing matches.
        </p>
      ) : null}
    </div>
  );
}
