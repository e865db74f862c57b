import { useState } from 'react';
import { formatAccountDateTime } from '../../../companion-server/src/contract/account-time';
import type { ConditionResult, Evaluation } from '../../../companion-server/src/contract/rules';
import { Chip } from '../bulk-edit/controls';
import { SpacerRow, useVirtualRows } from '../virtual-table/virtual-rows';
import { changedFieldLabel, OUTCOME_LABELS, OUTCOME_TONES } from './rule-labels';

/** An evaluation as the preview has it (no run) or the run log (with its run). */
export type EvaluationLine = Omit<Evaluation, 'runId' | 'ruleId'> & Partial<Evaluation>;

/** A row of a name, a reason, two conditions and the values; rows are measured as they render. */
const ROW_PX = 96;
const COLUMNS = 2;

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function valueText(value: number | string | null): string {
  if (value === null) return '–';
  if (typeof value === 'number') return NUMBER.format(value);
  if (value === 'ENABLE') return 'Active';
  if (value === 'DISABLE') return 'Paused';
  return value;
}

/**
 * What a rule made of each item: its name and id, the outcome and the change made or
 * proposed, the reason in a sentence, each condition with its values and whether it held,
 * and every figure the rule read. A rule covers up to 5,000 items: only the rows in sight
 * render, in a box that scrolls on its own. The outcome column keeps its width and the rest
 * wraps, so nothing scrolls sideways at the side panel's 360 px.
 */
export function EvaluationTable(props: {
  evaluations: readonly EvaluationLine[];
  /** Shown with each row (the run log); the preview's rows all have the same time. */
  timeZone: string | null;
  /** Changes with the filters: the list starts again from its top. */
  resetKey: string;
  testId: string;
}) {
  const { evaluations } = props;
  const [scrollBox, setScrollBox] = useState<HTMLDivElement | null>(null);
  const virtual = useVirtualRows({
    count: evaluations.length,
    scrollElement: scrollBox,
    estimatedRowPx: ROW_PX,
    resetKey: props.resetKey,
  });
  return (
    <div
      ref={setScrollBox}
      // relative: the rows' screen-reader words (absolute) stay inside the box that scrolls.
      className="relative max-h-[min(70vh,640px)] overflow-auto rounded-[6px] border border-slate-200 bg-white"
      data-testid={`${props.testId}-scroll`}
    >
      <table
        className="w-full table-fixed border-separate border-spacing-0 text-[12px]"
        data-testid={props.testId}
        data-rows={evaluations.length}
      >
        <colgroup>
          <col />
          {/* "Needs approval", the widest outcome, whole. */}
          <col className="w-[120px] sm:w-[180px]" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-slate-50 text-left text-[11px] text-slate-600">
          <tr>
            <th className="border-b border-slate-200 px-[8px] py-[4px] font-medium">
              Item · why · conditions
            </th>
            <th className="border-b border-slate-200 px-[8px] py-[4px] font-medium">Outcome</th>
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={virtual.spaceBefore} columns={COLUMNS} />
          {virtual.rows.map((item) => {
            const line = evaluations[item.index];
            return line ? (
              <EvaluationRow
                key={`${line.runId ?? ''}|${line.entityId}|${item.index}`}
                line={line}
                index={item.index}
                timeZone={props.timeZone}
                measure={virtual.measure}
              />
            ) : null;
          })}
          <SpacerRow height={virtual.spaceAfter} columns={COLUMNS} />
        </tbody>
      </table>
    </div>
  );
}

function EvaluationRow(props: {
  line: EvaluationLine;
  index: number;
  timeZone: string | null;
  measure: (row: HTMLTableRowElement | null) => void;
}) {
  const { line } = props;
  const name = line.entityName ?? '(no name)';
  const values = Object.entries(line.values);
  const groups = new Set(line.conditions.map((condition) => condition.group)).size;
  return (
    <tr
      ref={props.measure}
      data-index={props.index}
      data-testid="evaluation-row"
      data-entity-id={line.entityId}
      data-outcome={line.outcome}
      className="align-top"
    >
      <td className="border-b border-slate-100 px-[8px] py-[6px]">
        {props.timeZone ? (
          <p className="text-[11px] text-slate-500" data-testid="evaluation-time">
            {formatAccountDateTime(line.evaluatedAt, props.timeZone)}
          </p>
        ) : null}
        <p className="truncate font-medium text-ink" title={name}>
          {name}
        </p>
        <p className="truncate font-mono text-[11px] text-slate-500">{line.entityId}</p>
        <p className="mt-[2px] text-[12px] text-slate-800" data-testid="evaluation-reason">
          {line.reason}
        </p>
        {line.conditions.length > 0 ? (
          <ul className="mt-[2px] space-y-[1px]" data-testid="evaluation-conditions">
            {line.conditions.map((condition) => (
              <ConditionLine
                key={`${condition.group}|${condition.index}`}
                condition={condition}
                showGroup={groups > 1}
              />
            ))}
          </ul>
        ) : null}
        {values.length > 0 ? (
          <p
            className="mt-[2px] text-[11px] break-words text-slate-500"
            data-testid="evaluation-values"
          >
            {values.map(([key, value]) => `${key} ${valueText(value)}`).join(' · ')}
          </p>
        ) : null}
      </td>
      <td className="border-b border-slate-100 px-[8px] py-[6px]">
        <span data-testid="evaluation-outcome">
          <Chip tone={OUTCOME_TONES[line.outcome]}>{OUTCOME_LABELS[line.outcome]}</Chip>
        </span>
        {line.change ? (
          <p
            className="mt-[2px] text-[11px] break-words text-slate-700"
            data-testid="evaluation-change"
          >
            {changedFieldLabel(line.change.field)}: {valueText(line.change.before)} →{' '}
            {valueText(line.change.after)}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

const MET = {
  true: { mark: '✓', tone: 'text-green-800', word: 'met' },
  false: { mark: '✗', tone: 'text-slate-500', word: 'not met' },
  null: { mark: '?', tone: 'text-amber-800', word: 'a value was missing' },
} as const;

function ConditionLine(props: { condition: ConditionResult; showGroup: boolean }) {
  const { condition } = props;
  const met = MET[String(condition.met) as keyof typeof MET];
  return (
    <li
      className={`flex gap-[4px] text-[11px] leading-[15px] ${met.tone}`}
      data-met={String(condition.met)}
      title={met.word}
    >
      <span aria-hidden="true" className="w-[10px] shrink-0 font-bold">
        {met.mark}
      </span>
      <span className="sr-only">{met.word}: </span>
      <span className="min-w-0 break-words">
        {props.showGroup ? `G${condition.group + 1} · ` : ''}
        {condition.text}
      </span>
    </li>
  );
}
