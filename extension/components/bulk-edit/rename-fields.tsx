import { NAME_PLACEHOLDERS } from '../../../companion-server/src/contract/bulk-edits';
import { INPUT, LABEL } from './field-styles';
import { FindReplaceFields } from './find-replace-fields';
import type { RenameDraft, RenameMode } from './operation-draft';

const MODE_LABELS: Record<RenameMode, string> = {
  replace: 'Find and replace',
  prefix: 'Add a prefix',
  suffix: 'Add a suffix',
  template: 'Template',
};

/**
 * The rename inputs: find and replace (plain text or a regular expression), a prefix, a
 * suffix, or a template. The preview then shows every old → new name with its verdict.
 */
export function RenameFields(props: {
  rename: RenameDraft;
  onChange: (change: Partial<RenameDraft>) => void;
}) {
  const { rename, onChange } = props;
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
        <FindReplaceFields draft={rename} onChange={onChange} testIds="bulk-rename" />
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
