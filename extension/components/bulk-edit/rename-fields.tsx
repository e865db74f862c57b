import { useId } from 'react';
import { NAME_PLACEHOLDERS } from '../../../companion-server/src/contract/bulk-edits';
import type { RenameDraft, RenameMode } from './operation-draft';

const MODE_LABELS: Record<RenameMode, string> = {
  replace: 'Find and replace',
  prefix: 'Add a prefix',
  suffix: 'Add a suffix',
  template: 'Template',
};

const INPUT =
  'mt-[2px] block w-full rounded-[4px] border border-slate-300 px-[6px] py-[4px] text-[13px] font-normal';
const LABEL = 'block text-[12px] font-semibold text-slate-700';

/**
 * The rename inputs: find and replace (plain text or a regular expression), a prefix, a
 * suffix, or a template. The preview then shows every old → new name with its verdict.
 */
export function RenameFields(props: {
  rename: RenameDraft;
  onChange: (change: Partial<RenameDraft>) => void;
}) {
  const { rename, onChange } = props;
  const id = useId();
  return (
    <div className="space-y-[8px]">
      <label className={LABEL}>
        How
        <select
          data-testid="bulk-rename-mode"
          value={rename.mode}
          onChange={(event) => onChange({ mode: event.target.value as RenameMode })}
          className={`${INPUT} bg-white`}
        >
          {(Object.keys(MODE_LABELS) as RenameMode[]).map((mode) => (
            <option key={mode} value={mode}>
              {MODE_LABELS[mode]}
            </option>
          ))}
        </select>
      </label>
      {rename.mode === 'replace' ? (
        <>
          <label className={LABEL}>
            Find
            <input
              data-testid="bulk-rename-find"
              autoComplete="off"
              value={rename.find}
              onChange={(event) => onChange({ find: event.target.value })}
              className={`${INPUT} ${rename.regex ? 'font-mono' : ''}`}
            />
          </label>
          <label className={LABEL}>
            Replace with
            <input
              data-testid="bulk-rename-replace"
              autoComplete="off"
              value={rename.replace}
              onChange={(event) => onChange({ replace: event.target.value })}
              className={INPUT}
            />
          </label>
          <div className="flex gap-[12px] text-[12px]">
            <label className="flex items-center gap-[4px]" htmlFor={`${id}-regex`}>
              <input
                id={`${id}-regex`}
                type="checkbox"
                data-testid="bulk-rename-regex"
                checked={rename.regex}
                onChange={(event) => onChange({ regex: event.target.checked })}
              />
              Regular expression
            </label>
            <label className="flex items-center gap-[4px]" htmlFor={`${id}-case`}>
              <input
                id={`${id}-case`}
                type="checkbox"
                data-testid="bulk-rename-ignore-case"
                checked={rename.ignoreCase}
                onChange={(event) => onChange({ ignoreCase: event.target.checked })}
              />
              Ignore case
            </label>
          </div>
          {rename.regex ? (
            <p className="text-[11px] text-slate-500">
              $1 or $&lt;name&gt; in the replacement insert what a group matched.
            </p>
          ) : null}
        </>
      ) : rename.mode === 'template' ? (
        <label className={LABEL}>
          New name
          <input
            data-testid="bulk-rename-template"
            autoComplete="off"
            value={rename.template}
            onChange={(event) => onChange({ template: event.target.value })}
            className={INPUT}
          />
          <span className="mt-[2px] block text-[11px] font-normal text-slate-500">
            Placeholders: {NAME_PLACEHOLDERS.join(' ')} ({'{date}'} is today in the ad account's
            time zone).
          </span>
        </label>
      ) : (
        <label className={LABEL}>
          {rename.mode === 'prefix' ? 'Prefix' : 'Suffix'}
          <input
            data-testid={`bulk-rename-${rename.mode}`}
            autoComplete="off"
            value={rename.mode === 'prefix' ? rename.prefix : rename.suffix}
            onChange={(event) =>
              onChange(
                rename.mode === 'prefix'
                  ? { prefix: event.target.value }
                  : { suffix: event.target.value },
              )
            }
            className={INPUT}
          />
        </label>
      )}
    </div>
  );
}
