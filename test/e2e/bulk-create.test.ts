import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { controlClient } from '../helpers/control-client';
import { screenshot } from './harness';
import { signedInWorld } from './signed-in-world';

/**
 * Bulk create in Chromium with the built extension: upload a CSV in the side panel, read
 * the preview, create, and find the new campaign in the Ads Manager replica's table.
 */

const US = { id: '7252569388304511798', timezone: 'America/Los_Angeles' };

describe('bulk create from a spreadsheet', () => {
  const world = signedInWorld();

  it('uploads a CSV, previews it, creates it, and the replica lists the new campaign', async () => {
    const state = await controlClient(world.emulatorUrl).state(US.id);
    const identity = String(state.ads[0]?.identity_id ?? '');
    const file = join(tmpdir(), `bulk-create-${Date.now()}.csv`);
    await writeFile(
      file,
      [
        'type,ref,parent,name,objective_type,budget_mode,budget,billing_event,optimization_goal,location_ids,ad_format,ad_text,video_id,identity_id,call_to_action,landing_page_url',
        'campaign,c1,,Spring 2027 | Launch,TRAFFIC,BUDGET_MODE_DAY,120,,,,,,,,,',
        'adgroup,g1,c1,Spring 2027 | Broad,,BUDGET_MODE_DAY,60,CPC,CLICK,6252001,,,,,,',
        `ad,,g1,Spring 2027 | Video 1,,,,,,,SINGLE_VIDEO,New season,v10033g50001,${identity},SHOP_NOW,https://bayme.store/spring`,
      ].join('\r\n'),
    );

    const today = zonedDate(Date.now(), US.timezone);
    const range = { start: addDays(today, -7), end: addDays(today, -1) };
    const panel = await world.browser.newPage();
    await panel.setViewportSize({ width: 480, height: 900 });
    await panel.goto(
      `chrome-extension://${world.extensionId}/sidepanel.html?advertiserId=${US.id}&level=campaign&start=${range.start}&end=${range.end}`,
    );
    await panel.getByTestId('bulk-create-open').click();
    await panel.getByTestId('create-file').setInputFiles(file);
    const preview = panel.getByTestId('create-preview');
    await preview.waitFor({ timeout: 15_000 });
    expect(await preview.getAttribute('data-can-apply')).toBe('true');
    expect(await panel.getByTestId('create-row').count()).toBe(3);
    expect(await panel.getByTestId('create-summary').textContent()).toMatch(/1 campaign/);
    await screenshot(panel, '50-bulk-create-preview');

    await panel.getByTestId('create-apply').click();
    const job = panel.getByTestId('create-job');
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 20_000 }).toBe('finished');
    expect(
      await panel.locator('[data-testid="create-job-row"][data-state="created"]').count(),
    ).toBe(3);
    await screenshot(panel, '51-bulk-create-done');

    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${world.emulatorUrl}/i18n/manage/campaign?aadvid=${US.id}`);
    await page.getByText('Spring 2027 | Launch').waitFor({ timeout: 15_000 });
    await screenshot(page, '52-replica-new-campaign');
    await page.close();
    await panel.close();
  });

  it('shows errors at their row and column and offers no Create for a bad file', async () => {
    const file = join(tmpdir(), `bulk-create-bad-${Date.now()}.csv`);
    await writeFile(
      file,
      [
        'type,ref,name,objective_type,budget_mode,budget',
        'campaign,c1,Too small,TRAFFIC,BUDGET_MODE_DAY,10',
      ].join('\n'),
    );
    const today = zonedDate(Date.now(), US.timezone);
    const panel = await world.browser.newPage();
    await panel.goto(
      `chrome-extension://${world.extensionId}/sidepanel.html?advertiserId=${US.id}&level=campaign&start=${addDays(today, -7)}&end=${addDays(today, -1)}`,
    );
    await panel.getByTestId('bulk-create-open').click();
    await panel.getByTestId('create-file').setInputFiles(file);
    const preview = panel.getByTestId('create-preview');
    await preview.waitFor({ timeout: 15_000 });
    expect(await preview.getAttribute('data-can-apply')).toBe('false');
    expect(await panel.getByTestId('create-row-error').first().textContent()).toMatch(
      /row 2.*budget.*\$50\.00/i,
    );
    expect(await panel.getByTestId('create-apply').count()).toBe(0);
    await panel.close();
  });
});
