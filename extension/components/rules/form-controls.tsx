import { type ReactNode, useEffect, useState } from 'react';
import { formatIdList, parseIdList } from './rule-draft';

/**
 * The rule form's inputs. Number and id boxes keep what the buyer typed while the draft
 * holds what it means (a number, NaN while it is none; a list of ids), so half-typed text
 * ("1.", "-") is neither lost nor taken for a value. Sizes in px, like the bulk-edit panel's.
 */

export const CONTROL =
  'rounded-[4px] border border-slate-300 bg-white px-[6px] py-[4px] text-[13px] text-ink disabled:bg-slate-50 disabled:text-slate-600';
export const SMALL_LABEL = 'text-[12px] font-semibold text-slate-700';

/** A box for a number; empty or not a number: NaN, for the schema to name. */
export function NumberInput(props: {
  value: number;
  onChange: (value: number) => void;
  label: string;
  disabled?: boolean;
  widthClass?: string;
  testId?: string;
  invalid?: boolean;
}) {
  const [text, setText] = useState(Number.isNaN(props.value) ? '' : String(props.value));
  // Another value from outside (a template, an undo): show it, unless it is what is typed.
  useEffect(() => {
    setText((current) =>
      sameNumber(parseNumber(current), props.value)
        ? current
        : Number.isNaN(props.value)
          ? ''
          : String(props.value),
    );
  }, [props.value]);
  return (
    <input
      type="text"
      inputMode="decimal"
      aria-label={props.label}
      aria-invalid={props.invalid || undefined}
      data-testid={props.testId}
      disabled={props.disabled}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        props.onChange(parseNumber(event.target.value));
      }}
      className={`${CONTROL} ${props.widthClass ?? 'w-[80px]'} tabular-nums ${props.invalid ? 'border-red-400' : ''}`}
    />
  );
}

/** A bound that may be left empty: empty is null (no bound). */
export function OptionalNumberInput(props: {
  value: number | null;
  onChange: (value: number | null) => void;
  label: string;
  placeholder: string;
  disabled?: boolean;
  testId?: string;
  invalid?: boolean;
}) {
  const [text, setText] = useState(props.value === null ? '' : String(props.value));
  useEffect(() => {
    setText((current) => {
      const typed = current.trim() === '' ? null : parseNumber(current);
      if (typed === null ? props.value === null : sameNumber(typed, props.value ?? Number.NaN)) {
        return current;
      }
      return props.value === null || Number.isNaN(props.value) ? '' : String(props.value);
    });
  }, [props.value]);
  return (
    <input
      type="text"
      inputMode="decimal"
      aria-label={props.label}
      aria-invalid={props.invalid || undefined}
      placeholder={props.placeholder}
      data-testid={props.testId}
      disabled={props.disabled}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        props.onChange(event.target.value.trim() === '' ? null : parseNumber(event.target.value));
      }}
      className={`${CONTROL} w-[96px] tabular-nums ${props.invalid ? 'border-red-400' : ''}`}
    />
  );
}

/** "1 000,5" is not a number here: a comma could be a decimal or a thousands mark. */
function parseNumber(text: string): number {
  const trimmed = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return Number.NaN;
  return Number(trimmed);
}

function sameNumber(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** Ids, one a line or separated by commas or spaces; none: null. */
export function IdListInput(props: {
  value: string[] | null;
  onChange: (value: string[] | null) => void;
  label: string;
  placeholder: string;
  disabled?: boolean;
  testId?: string;
  invalid?: boolean;
}) {
  const [text, setText] = useState(formatIdList(props.value));
  useEffect(() => {
    setText((current) =>
      formatIdList(parseIdList(current)) === formatIdList(props.value)
        ? current
        : formatIdList(props.value),
    );
  }, [props.value]);
  return (
    <textarea
      aria-label={props.label}
      aria-invalid={props.invalid || undefined}
      placeholder={props.placeholder}
      data-testid={props.testId}
      disabled={props.disabled}
      rows={2}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        props.onChange(parseIdList(event.target.value));
      }}
      className={`${CONTROL} block w-full font-mono text-[12px] ${props.invalid ? 'border-red-400' : ''}`}
    />
  );
}

/** The schema's message for a field, under it. */
export function FieldError(props: { message: string | undefined; field: string }) {
  if (!props.message) return null;
  return (
    <p
      // basis-full: in a row of controls, the message takes a line of its own under them.
      className="mt-[2px] basis-full text-[12px] leading-[16px] text-red-700"
      data-testid={`error-${props.field}`}
      data-field={props.field}
    >
      {props.message}
    </p>
  );
}

/** A part of the form with its heading. */
export function FormSection(props: { title: string; hint?: string; children: ReactNode }) {
  return (
    <fieldset className="min-w-0 space-y-[8px] rounded-[8px] border border-slate-200 bg-white p-[12px]">
      <legend className="px-[4px] text-[13px] font-bold text-ink">{props.title}</legend>
      {props.hint ? <p className="text-[12px] text-slate-500">{props.hint}</p> : null}
      {props.children}
    </fieldset>
  );
}

/** A label over its control, with the control's error under it. */
export function Field(props: {
  label: string;
  error?: string | undefined;
  field: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`min-w-0 ${props.className ?? ''}`}>
      <span className={`block ${SMALL_LABEL}`}>{props.label}</span>
      <div className="mt-[2px]">{props.children}</div>
      <FieldError message={props.error} field={props.field} />
    </div>
  );
}
