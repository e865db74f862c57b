import { type ChangeEvent, useState } from 'react';
import { MAX_CREATE_ROWS } from '../../../companion-server/src/contract/bulk-create';
import { PanelButton, PanelNote } from '../bulk-edit/controls';
import { CreateJobProgress } from './create-job-progress';
import { CreatePreview } from './create-preview';
import { readCsvFile } from './read-csv-file';
import { TemplateDownloadButton } from './template-download-button';
import { useCreatePlan } from './use-create-plan';

/**
 * Bulk create from a spreadsheet: the template, a CSV file checked row by row by the server
 * (nothing is sent to TikTok), its preview, then the job that creates campaigns, ad groups
 * and ads in that order. Another file can be chosen at any time but while one is checked.
 */
export function BulkCreateView(props: { advertiserId: string; onChanged: () => void }) {
  const flow = useCreatePlan(props);
  const { step, job } = flow;
  const [fileName, setFileName] = useState<string | null>(null);
  const [reading, setReading] = useState(false);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Cleared so that the same file, fixed and saved again, can be chosen again.
    input.value = '';
    if (!file) return;
    setFileName(file.name);
    setReading(true);
    const read = await readCsvFile(file);
    setReading(false);
    if (read.ok) flow.preview({ kind: 'csv', csv: read.csv });
    else flow.refuse(read.message);
  };
  const running = job?.status === 'running';
  const checking = reading || flow.pending === 'plan';

  return (
    <section
      className="space-y-[12px] text-[13px] leading-[18px] text-ink"
      data-testid="bulk-create"
      data-step={step.step}
    >
      <header>
        <h2 className="text-[15px] font-bold">Bulk create</h2>
        <p className="text-[11px] text-slate-500">
          Campaigns, ad groups and ads from a CSV file, one row per entity (up to{' '}
          {MAX_CREATE_ROWS.toLocaleString('en-US')}). Every row is checked first; nothing is created
          at TikTok until you press Create.
        </p>
      </header>
      <div className="flex flex-wrap items-start gap-[8px]">
        <TemplateDownloadButton />
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="CSV file to check"
          data-testid="create-file"
          disabled={checking || running}
          onChange={(event) => void choose(event)}
          className="min-w-[200px] flex-1 text-[12px] text-slate-600 file:mr-[8px] file:cursor-pointer file:rounded-[6px] file:border-0 file:bg-ink file:px-[12px] file:py-[6px] file:text-[13px] file:font-medium file:text-white disabled:file:cursor-not-allowed disabled:file:bg-slate-300"
        />
      </div>
      {checking ? (
        <p className="text-[12px] text-slate-500" data-testid="create-checking">
          Checking {fileName ?? 'the file'}…
        </p>
      ) : null}

      {step.step === 'start' ? (
        flow.error ? (
          <PanelNote tone="error" testId="create-error">
            {fileName ? `${fileName}: ` : ''}
            {flow.error}
          </PanelNote>
        ) : null
      ) : step.step === 'preview' ? (
        <>
          {fileName ? (
            <h3 className="text-[13px] font-semibold" data-testid="create-file-name">
              {fileName}
            </h3>
          ) : null}
          <CreatePreview
            plan={step.plan}
            creating={flow.pending === 'apply'}
            error={flow.error}
            onCreate={flow.create}
          />
        </>
      ) : job ? (
        <>
          <CreateJobProgress job={job} pollError={flow.pollError} />
          {running ? null : (
            <PanelButton kind="link" testId="create-done" onClick={flow.reset}>
              Done
            </PanelButton>
          )}
        </>
      ) : null}
    </section>
  );
}
