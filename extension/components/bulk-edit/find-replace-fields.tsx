import { useId } from 'react';
import { INPUT, LABEL } from './field-styles';
import type { FindReplaceDraft } from './operation-draft';

/**
 * Find and replace, plain text or a regular expression: in names (rename) and in ads' text.
 * `testIds` names its inputs for tests (`bulk-rename`, `bulk-text`).
 */
export function FindReplaceFields(props: {
  draft: FindReplaceDraft;
  onChange: (change: Partial<FindReplaceDraft>) => void;
  testIds: string;
}) {
  const { draft, onChange, testIds } = props;
  const id = useId();
  return (
    <>
      <label className={LABEL}>
        Find
        <input
          data-testid={`${testIds}-find`}
          autoComplete="off"
          value={draft.find}
          onChange={(event) => onChange({ find: event.target.value })}
          className={`${INPUT} ${draft.regex ? 'font-mono' : ''}`}
        />
      </label>
      <label className={LABEL}>
        Replace with
        <input
          data-testid={`${testIds}-replace`}
          autoComplete="off"
          value={draft.replace}
          onChange={(event) => onChange({ replace: event.target.value })}
          className={INPUT}
        />
      </label>
      <div className="flex gap-[12px] text-[12px]">
        <label className="flex items-center gap-[4px]" htmlFor={`${id}-regex`}>
          <input
            id={`${id}-regex`}
            type="checkbox"
            data-testid={`${testIds}-regex`}
            checked={draft.regex}
            onChange={(event) => onChange({ regex: event.target.checked })}
          />
          Regular expression
        </label>
        <label className="flex items-center gap-[4px]" htmlFor={`${id}-case`}>
          <input
            id={`${id}-case`}
            type="checkbox"
            data-testid={`${testIds}-ignore-case`}
            checked={draft.ignoreCase}
            onChange={(event) => onChange({ ignoreCase: event.target.checked })}
          />
          Ignore case
        </label>
      </div>
      {draft.regex ? (
        <p className="text-[11px] text-slate-500">
          $1 or $&lt;name&gt; in the replacement insert what a group matched.
        </p>
      ) : null}
    </>
  );
}
