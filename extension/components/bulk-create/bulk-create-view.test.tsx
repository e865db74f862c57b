import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_CSV_BYTES } from '../../../companion-server/src/contract/bulk-create';
import {
  ADVERTISER,
  createRow,
  JOB_ID,
  jobRow,
  makeCreateJob,
  makeCreatePlan,
  newId,
  PLAN_ID,
} from '../../../test/fixtures/extension/create-fixtures';
import { serve } from '../../../test/helpers/fake-extension-api';
import { ExtensionRequestError } from '../../lib/errors';
import { api, downloadCreateTemplate } from '../../lib/messaging';
import { BulkCreateView } from './bulk-create-view';

/**
 * The side panel's bulk create, with a stand-in for the background: files refused before
 * they travel, the server's check of a file row by row, and the job that creates it.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn(), downloadCreateTemplate: vi.fn() }));

function renderView(onChanged: () => void = () => undefined) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  render(
    <QueryClientProvider client={client}>
      <BulkCreateView advertiserId={ADVERTISER} onChanged={onChanged} />
    </QueryClientProvider>,
  );
}

function chooseFile(parts: BlobPart[], name = 'launch.csv') {
  const file = new File(parts, name, { type: 'text/csv' });
  fireEvent.change(screen.getByTestId('create-file'), { target: { files: [file] } });
}

const text = (testId: string) => screen.getByTestId(testId).textContent;

describe('bulk create from a CSV file', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    vi.mocked(downloadCreateTemplate).mockReset();
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('refuses a file that is not UTF-8 without sending it, and says how to save it', async () => {
    const calls = serve({});
    renderView();
    // "Café" in Windows-1252, as Excel's plain "CSV" saves it: é is the lone byte 0xE9.
    chooseFile([new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x0a])]);
    expect((await screen.findByTestId('create-error')).textContent).toBe(
      'launch.csv: This file is not UTF-8 text: save it as CSV UTF-8 and try again.',
    );
    expect(calls).toEqual([]);
    expect(screen.queryByTestId('create-preview')).toBeNull();
  });

  it('refuses a file over the size limit without reading or sending it', async () => {
    const calls = serve({});
    renderView();
    chooseFile([new Uint8Array(MAX_CSV_BYTES + 1).fill(0x61)], 'huge.csv');
    const error = await screen.findByTestId('create-error');
    expect(error.textContent).toContain('huge.csv: This file is 513 KiB; the limit is 512 KiB.');
    expect(calls).toEqual([]);
  });

  it('sends a UTF-8 file as text and shows every error at its row and column, with no Create', async () => {
    const plan = makeCreatePlan(
      [
        createRow(2, 'campaign', { ref: 'c1', name: 'Café launch', status: 'ENABLE' }),
        createRow(3, 'adgroup', {
          parent: 'c1',
          errors: [
            { row: 3, column: 'budget', message: 'The daily budget must be at least 20.00 USD.' },
            { row: 3, column: 'schedule_end', message: 'The end is before the start.' },
          ],
        }),
        createRow(4, 'ad', {
          parent: 'g9',
          errors: [{ row: 4, column: 'parent', message: 'No row has the ref g9.' }],
        }),
      ],
      {
        fileErrors: [
          { row: 1, column: 'bid_typ', message: 'Unknown column: did you mean bid_type?' },
        ],
      },
    );
    const calls = serve({ planCreateFromCsv: plan });
    renderView();
    const csv = 'type,ref,parent,name\ncampaign,c1,,Café launch\n';
    // With the byte-order mark Excel's "CSV UTF-8" starts with: it is not part of the text.
    chooseFile([new Uint8Array([0xef, 0xbb, 0xbf]), new TextEncoder().encode(csv)]);

    await screen.findByTestId('create-preview');
    expect(calls).toEqual([
      {
        route: 'planCreateFromCsv',
        input: { params: { advertiserId: ADVERTISER }, body: { csv } },
      },
    ]);
    expect(text('create-file-errors')).toContain(
      'row 1, column bid_typ: Unknown column: did you mean bid_type?',
    );
    // File-level errors come before the rows.
    const fileErrors = screen.getByTestId('create-file-errors');
    const firstRow = screen.getAllByTestId('create-row')[0] as HTMLElement;
    expect(
      fileErrors.compareDocumentPosition(firstRow) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(
      screen.getAllByTestId('create-row').map((row) => [row.dataset.row, row.dataset.verdict]),
    ).toEqual([
      ['2', 'ok'],
      ['3', 'blocked'],
      ['4', 'blocked'],
    ]);
    expect(screen.getAllByTestId('create-row-error').map((item) => item.textContent)).toEqual([
      'row 3, column budget: The daily budget must be at least 20.00 USD.',
      'row 3, column schedule_end: The end is before the start.',
      'row 4, column parent: No row has the ref g9.',
    ]);
    expect(firstRow.textContent).toContain('Café launch');
    expect(firstRow.textContent).toContain('Campaign');
    expect(firstRow.textContent).toContain('Active');
    expect(text('create-summary')).toBe('1 campaign · 1 ad group · 1 ad · 2 rows with errors');
    expect(text('create-blocked')).toBe('Nothing will be created until every error is fixed.');
    expect(screen.queryByTestId('create-apply')).toBeNull();
  });

  it('creates a valid plan and follows the job to each row’s outcome', async () => {
    const plan = makeCreatePlan([
      createRow(2, 'campaign'),
      createRow(3, 'adgroup'),
      createRow(4, 'adgroup'),
      createRow(5, 'ad'),
    ]);
    const started = makeCreateJob([
      jobRow(2, 'campaign', 'in_flight'),
      jobRow(3, 'adgroup', 'pending'),
      jobRow(4, 'adgroup', 'pending'),
      jobRow(5, 'ad', 'pending'),
    ]);
    const halfway = makeCreateJob([
      jobRow(2, 'campaign', 'created'),
      jobRow(3, 'adgroup', 'created'),
      jobRow(4, 'adgroup', 'in_flight'),
      jobRow(5, 'ad', 'pending'),
    ]);
    const finished = makeCreateJob([
      jobRow(2, 'campaign', 'created'),
      jobRow(3, 'adgroup', 'created'),
      jobRow(4, 'adgroup', 'failed', 'The bid is below the minimum for this optimization goal.'),
      jobRow(5, 'ad', 'created'),
    ]);
    let polls = 0;
    const calls = serve({
      planCreateFromCsv: plan,
      applyCreatePlan: started,
      getCreateJob: () => {
        polls += 1;
        return polls === 1 ? halfway : finished;
      },
    });
    const onChanged = vi.fn();
    renderView(onChanged);
    chooseFile(['type,ref,parent,name\n']);

    const apply = await screen.findByTestId('create-apply');
    expect(text('create-summary')).toBe('1 campaign · 2 ad groups · 1 ad');
    expect(apply.textContent).toBe('Create 4 entities');
    fireEvent.click(apply);

    const job = await screen.findByTestId('create-job');
    expect(job.dataset.status).toBe('running');
    expect(calls.find((call) => call.route === 'applyCreatePlan')?.input).toEqual({
      params: { planId: PLAN_ID },
    });
    const progress = screen.getByRole('progressbar');
    expect(progress.dataset.testid).toBe('create-progress');
    expect(progress.getAttribute('aria-valuemax')).toBe('4');
    expect(progress.getAttribute('aria-valuenow')).toBe('0');

    await waitFor(() =>
      expect(text('create-job-counts')).toBe('2 created · 0 failed · 2 remaining'),
    );
    expect(screen.getByTestId('create-progress').getAttribute('aria-valuenow')).toBe('2');
    expect(onChanged).not.toHaveBeenCalled();

    await waitFor(() => expect(screen.getByTestId('create-job').dataset.status).toBe('finished'), {
      timeout: 3_000,
    });
    expect(text('create-job-counts')).toBe('3 created · 1 failed · 0 remaining');
    expect(
      screen.getAllByTestId('create-job-row').map((row) => [row.dataset.row, row.dataset.state]),
    ).toEqual([
      ['2', 'created'],
      ['3', 'created'],
      ['4', 'failed'],
      ['5', 'created'],
    ]);
    const [campaign, , failedRow] = screen.getAllByTestId('create-job-row');
    expect(campaign?.textContent).toContain(newId(2));
    expect(failedRow?.textContent).toContain(
      'The bid is below the minimum for this optimization goal.',
    );
    expect(calls.filter((call) => call.route === 'getCreateJob').map((call) => call.input)).toEqual(
      [{ params: { jobId: JOB_ID } }, { params: { jobId: JOB_ID } }],
    );
    expect(onChanged).toHaveBeenCalledTimes(1);
    // Finished: the file chooser is free again.
    expect((screen.getByTestId('create-file') as HTMLInputElement).disabled).toBe(false);
  });

  it('shows the server’s reason when it refuses to check the file', async () => {
    vi.mocked(api).mockRejectedValue(
      new ExtensionRequestError({
        kind: 'forbidden',
        status: 403,
        message: 'Your role (viewer) may not do this; it needs buyer or higher.',
      }),
    );
    renderView();
    chooseFile(['type,ref,parent,name\n']);
    expect((await screen.findByTestId('create-error')).textContent).toBe(
      'launch.csv: Your role (viewer) may not do this; it needs buyer or higher.',
    );
    expect(screen.queryByTestId('create-preview')).toBeNull();
  });

  it('downloads the template through the background and offers it as a file', async () => {
    const csv = 'type,ref,parent,name\ncampaign,c1,,Example campaign\n';
    vi.mocked(downloadCreateTemplate).mockResolvedValue({
      fileName: 'bayme-bulk-create-template.csv',
      csv,
    });
    const blobs: Blob[] = [];
    const downloads: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:chrome-extension://bayme/1';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(this.download);
    });
    const calls = serve({});
    renderView();
    fireEvent.click(screen.getByTestId('create-template'));

    await waitFor(() => expect(downloads).toEqual(['bayme-bulk-create-template.csv']));
    expect(downloadCreateTemplate).toHaveBeenCalledTimes(1);
    expect(await blobs[0]?.text()).toBe(`\uFEFF${csv}`);
    expect(calls).toEqual([]);
  });

  it('says why the template could not be downloaded', async () => {
    vi.mocked(downloadCreateTemplate).mockRejectedValue(
      new ExtensionRequestError({
        kind: 'signed-out',
        message: 'Sign in with your staff key first.',
      }),
    );
    renderView();
    fireEvent.click(screen.getByTestId('create-template'));
    expect((await screen.findByTestId('create-template-error')).textContent).toBe(
      'Could not download the template: Sign in with your staff key first.',
    );
  });
});
