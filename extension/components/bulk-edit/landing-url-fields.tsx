import { useQuery } from '@tanstack/react-query';
import { MAX_URL_PARAMS } from '../../../companion-server/src/contract/bulk-edits';
import { DEFAULT_TRACKING_TEMPLATE } from '../../../companion-server/src/orders/attribution';
import { templateParams } from '../../../companion-server/src/orders/tracking-template';
import { api } from '../../lib/messaging';
import { trackingKeys } from '../../lib/query-keys';
import { INPUT, LABEL } from './field-styles';
import type { LandingUrlDraft, ParamDraft } from './operation-draft';

const MODE_LABELS: Record<LandingUrlDraft['mode'], string> = {
  params: 'Add or replace parameters',
  replace: 'Replace part of the URL',
  set: 'Set one URL for all',
};

const MACROS = ['__CAMPAIGN_ID__', '__CAMPAIGN_NAME__', '__AID__', '__CID__', '__CID_NAME__'];

/**
 * The landing-page inputs for ads: query parameters added or replaced (a tracking template
 * in one click, TikTok's URL macros kept as typed), a part of each URL replaced, or one URL
 * for all. The rest of each URL stays as it is; the preview shows every old → new URL.
 */
export function LandingUrlFields(props: {
  draft: LandingUrlDraft;
  onChange: (change: Partial<LandingUrlDraft>) => void;
}) {
  const { draft, onChange } = props;
  // The template Bayme's orders are attributed by (admins set it): the side panel's Tracking
  // tab checks ads against the same one. Until it loads, or if it cannot, TikTok's default.
  const settings = useQuery({
    queryKey: trackingKeys.ordersSettings(),
    queryFn: () => api('getOrdersSettings'),
    staleTime: 5 * 60_000,
    retry: false,
  });
  const template = settings.data?.trackingTemplate ?? DEFAULT_TRACKING_TEMPLATE;
  const setParam = (index: number, change: Partial<ParamDraft>) =>
    onChange({
      params: draft.params.map((param, i) => (i === index ? { ...param, ...change } : param)),
    });
  return (
    <div className="space-y-[8px]">
      <label className={LABEL}>
        How
        <select
          data-testid="bulk-url-mode"
          value={draft.mode}
          onChange={(event) => onChange({ mode: event.target.value as LandingUrlDraft['mode'] })}
          className={`${INPUT} bg-white`}
        >
          {(Object.keys(MODE_LABELS) as Array<LandingUrlDraft['mode']>).map((mode) => (
            <option key={mode} value={mode}>
              {MODE_LABELS[mode]}
            </option>
          ))}
        </select>
      </label>
      {draft.mode === 'set' ? (
        <label className={LABEL}>
          New landing page
          <input
            data-testid="bulk-url-set"
            type="url"
            autoComplete="off"
            placeholder="https://"
            value={draft.url}
            onChange={(event) => onChange({ url: event.target.value })}
            className={INPUT}
          />
        </label>
      ) : draft.mode === 'replace' ? (
        <>
          <label className={LABEL}>
            Find in the URL
            <input
              data-testid="bulk-url-find"
              autoComplete="off"
              value={draft.find}
              onChange={(event) => onChange({ find: event.target.value })}
              className={`${INPUT} font-mono`}
            />
          </label>
          <label className={LABEL}>
            Replace with
            <input
              data-testid="bulk-url-replace"
              autoComplete="off"
              value={draft.replace}
              onChange={(event) => onChange({ replace: event.target.value })}
              className={`${INPUT} font-mono`}
            />
          </label>
        </>
      ) : (
        <fieldset className="space-y-[4px]" data-testid="bulk-url-params">
          <legend className={LABEL}>Parameters</legend>
          {draft.params.map((param, index) => (
            // Rows have no identity of their own; their order is the one the buyer typed.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <div key={index} className="flex items-center gap-[4px]">
              <input
                aria-label={`Parameter ${index + 1} name`}
                data-testid="bulk-url-param-key"
                autoComplete="off"
                placeholder="utm_source"
                value={param.key}
                onChange={(event) => setParam(index, { key: event.target.value })}
                className="w-[38%] rounded-[4px] border border-slate-300 px-[4px] py-[3px] font-mono text-[12px]"
              />
              <span className="text-slate-400">=</span>
              <input
                aria-label={`Parameter ${index + 1} value`}
                data-testid="bulk-url-param-value"
                autoComplete="off"
                placeholder="__CAMPAIGN_NAME__"
                value={param.value}
                onChange={(event) => setParam(index, { value: event.target.value })}
                className="min-w-0 flex-1 rounded-[4px] border border-slate-300 px-[4px] py-[3px] font-mono text-[12px]"
              />
              <button
                type="button"
                aria-label={`Remove parameter ${index + 1}`}
                onClick={() =>
                  onChange({
                    params:
                      draft.params.length === 1
                        ? [{ key: '', value: '' }]
                        : draft.params.filter((_, i) => i !== index),
                  })
                }
                className="px-[4px] text-[14px] text-slate-500 hover:text-slate-900"
              >
                ×
              </button>
            </div>
          ))}
          <div className="flex flex-wrap gap-x-[12px] text-[12px]">
            {draft.params.length < MAX_URL_PARAMS ? (
              <button
                type="button"
                data-testid="bulk-url-add-param"
                onClick={() => onChange({ params: [...draft.params, { key: '', value: '' }] })}
                className="text-slate-700 underline"
              >
                Add a parameter
              </button>
            ) : null}
            <button
              type="button"
              data-testid="bulk-url-template"
              title={template}
              onClick={() => onChange({ params: templateParams(template) })}
              className="text-slate-700 underline"
            >
              Use the tracking template
            </button>
          </div>
          <p className="text-[11px] leading-[15px] text-slate-500">
            TikTok fills in its macros at each click: {MACROS.join(' ')}. Parameters of the same
            name are replaced; the rest of each URL stays as it is.
          </p>
        </fieldset>
      )}
    </div>
  );
}
