import { describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../contract/audit';
import { PageHealthRecorder } from './page-health-recorder';

describe('PageHealthRecorder', () => {
  const alice = { id: 'stf_alice01', email: 'alice@bayme.example' };
  const report = {
    problem: 'rows_unidentified' as const,
    rows: { visible: 20, unidentified: 3 },
    path: '/i18n/manage/ad',
    level: 'ad' as const,
    advertiserId: '7000000000000000001',
    extensionVersion: '0.3.1',
    selectorMatches: { 'table.rows#current': 20 },
  };

  function setup() {
    const clock = { ms: Date.parse('2026-11-18T09:00:00Z') };
    const written: AuditEntryInput[] = [];
    const audit = {
      failNext: false,
      async append(input: AuditEntryInput) {
        if (audit.failNext) {
          audit.failNext = false;
          throw new Error('disk full');
        }
        written.push(input);
        return {} as never;
      },
    };
    const recorder = new PageHealthRecorder(audit, () => new Date(clock.ms));
    return { clock, written, audit, recorder };
  }

  it('audits what broke, where, and what an admin should do', async () => {
    const { written, recorder } = setup();
    expect(await recorder.record(alice, report)).toBe(true);
    expect(await recorder.record(alice, { ...report, problem: 'no_table', rows: undefined })).toBe(
      true,
    );
    expect(written.map((entry) => entry.message)).toEqual([
      'The extension (extension 0.3.1) could not tell which of the ads 3 of its 20 visible rows on the Ads Manager page /i18n/manage/ad are: they get no figures and cannot be bulk-edited there. Ask the staff member for a layout sample.',
      "The extension (extension 0.3.1) found no table on the Ads Manager page /i18n/manage/ad: TikTok may have changed the page's layout, so the figures are missing there. Compare the selector matches in the details with the page and update the extension's selectors.",
    ]);
    expect(written[0]).toMatchObject({
      actor: { kind: 'staff', staffId: alice.id, email: alice.email },
      action: 'extension.page_layout',
      outcome: 'failure',
      advertiserId: report.advertiserId,
      details: report,
    });
  });

  it('records the same report from the same person again only after 10 minutes', async () => {
    const { clock, written, recorder } = setup();
    expect(await recorder.record(alice, report)).toBe(true);
    clock.ms += 10 * 60_000 - 1;
    expect(await recorder.record(alice, report)).toBe(false);
    clock.ms += 1;
    expect(await recorder.record(alice, report)).toBe(true);
    expect(written).toHaveLength(2);
  });

  it('forgets a report whose audit write failed, so the next one is recorded', async () => {
    const { written, audit, recorder } = setup();
    audit.failNext = true;
    await expect(recorder.record(alice, report)).rejects.toThrow('disk full');
    expect(await recorder.record(alice, report)).toBe(true);
    expect(written).toHaveLength(1);
  });

  it('remembers at most 1,000 reports, dropping the oldest', async () => {
    const { written, recorder } = setup();
    for (let index = 0; index < 1_000; index += 1) {
      expect(await recorder.record(alice, { ...report, path: `/i18n/manage/ad/${index}` })).toBe(
        true,
      );
    }
    expect(await recorder.record(alice, { ...report, path: '/i18n/manage/ad/1' })).toBe(false);
    expect(await recorder.record(alice, { ...report, path: '/i18n/manage/ad/new' })).toBe(true);
    // At 1,000 remembered, each new report makes room by forgetting the oldest.
    expect(await recorder.record(alice, { ...report, path: '/i18n/manage/ad/0' })).toBe(true);
    expect(written).toHaveLength(1_002);
  });
});
