import type { FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlClient, type EmulatorSnapshot } from '../helpers/control-client';
import { rawApi } from '../helpers/raw-api';
import {
  connectAllAccounts,
  type E2eWorld,
  screenshot,
  signInThroughPopup,
  startWorld,
} from './harness';

/**
 * A buyer renames ad groups by find and replace from Ads Manager's ticked rows, in Chromium
 * with the built extension, on the replica's `duplicate-names` layout (three of the first seven
 * ad groups share one name): tick four rows with the page's own checkboxes — two of the
 * namesakes, leaving the third unticked — preview "US | " → "United States | " (old → new for
 * the ticked rows only; one whose new name would pass TikTok's 512 characters is blocked with
 * its reason), apply, and check at the emulator that exactly the three allowed ad groups were
 * renamed, through three calls, and nothing else changed; then undo from the drawer and find
 * the old names back.
 */

const US = '7252569388304511798';
/** "US | Spring | Traffic interests", the third ad group of the list (newest id first). */
const LONG_NAMED = '1870328098788357200';
const FIND = 'US | ';
const REPLACE = 'United States | ';
/** 505 characters: the rename adds 11 and makes 516, over TikTok's 512. */
const LONG_NAME = 'US | Spring | Traffic interests | '.padEnd(505, 'x');

interface TruthRow {
  id: string;
  name: string;
  checked: boolean;
  checkboxRect: { top: number; bottom: number; left: number; right: number };
}

/** The replica's own account of the rows it shows (its test hook; the extension never reads it). */
async function truthRows(page: Page): Promise<TruthRow[]> {
  return (await page.evaluate(
    'window.__replicaTruth ? (window.__replicaTruth()?.rows ?? []) : []',
  )) as TruthRow[];
}

/** The campaigns, ad groups and ads of every ad account (not the clock, tokens or tasks). */
function entitiesOf(snapshot: EmulatorSnapshot) {
  return { campaigns: snapshot.campaigns, adgroups: snapshot.adgroups, ads: snapshot.ads };
}

/**
 * The entities as they should be once `names` (ad group id → name) are in force: the ad groups
 * renamed (their modify_time is the emulator's to set) and their ads showing the new name.
 */
function withAdGroupNames(
  entities: ReturnType<typeof entitiesOf>,
  names: ReadonlyMap<string, string>,
  after: ReturnType<typeof entitiesOf>,
) {
  const modifiedAt = new Map(after.adgroups.map((g) => [g.adgroup_id, g.modify_time]));
  return {
    campaigns: entities.campaigns,
    adgroups: entities.adgroups.map((g) => {
      const name = names.get(g.adgroup_id);
      return name === undefined
        ? g
        : { ...g, adgroup_name: name, modify_time: modifiedAt.get(g.adgroup_id) };
    }),
    ads: entities.ads.map((a) => {
      const name = names.get(a.adgroup_id);
      return name === undefined ? a : { ...a, adgroup_name: name };
    }),
  };
}

/** The preview's rows by entity id: verdict, old and new value, and the reason if any. */
async function previewRows(panel: Locator) {
  const rows = new Map<
    string,
    { verdict: string; before: string; after: string; reason: string }
  >();
  for (const row of await panel.getByTestId('bulk-preview-row').all()) {
    const id = (await row.getAttribute('data-entity-id')) ?? '';
    const reason = row.getByTestId('bulk-reason');
    rows.set(id, {
      verdict: (await row.getAttribute('data-verdict')) ?? '',
      before: (await row.getByTestId('bulk-before').textContent()) ?? '',
      after: (await row.getByTestId('bulk-after').textContent()) ?? '',
      reason: (await reason.count()) > 0 ? ((await reason.textContent()) ?? '') : '',
    });
  }
  return rows;
}

async function waitForFinishedJob(drawer: FrameLocator): Promise<void> {
  await expect
    .poll(() => drawer.getByTestId('bulk-job').getAttribute('data-status'), { timeout: 20_000 })
    .toBe('finished');
}

describe('bulk rename from Ads Manager', () => {
  let world: E2eWorld;
  let emulatorUrl: string;
  let token: string;

  beforeAll(async () => {
    world = await startWorld();
    emulatorUrl = world.server.emulator?.url ?? '';
    const adminKey = world.server.bootstrapAdminKey ?? '';
    token = await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('renames the ticked ad groups by find and replace, blocks a name too long, and undoes', async () => {
    const control = controlClient(emulatorUrl);
    // Someone gave one ad group a name near TikTok's limit (as Ads Manager allows).
    const renamed = await rawApi(emulatorUrl).post(
      'adgroup/update/',
      { advertiser_id: US, adgroup_id: LONG_NAMED, adgroup_name: LONG_NAME },
      token,
    );
    expect(renamed.body.code, renamed.body.message).toBe(0);

    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${emulatorUrl}/i18n/manage/adgroup?aadvid=${US}&layout=duplicate-names`);
    await expect
      .poll(async () => (await truthRows(page)).length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(7);
    await page
      .getByTestId('overlay-badge')
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 15_000 });

    // Rows 0, 3 and 6 share one name: tick 0 and 3, leave 6; add row 1 and the long name.
    const rows = await truthRows(page);
    const [first, second, third, fourth, , , seventh] = rows;
    if (!first || !second || !third || !fourth || !seventh) throw new Error('too few rows');
    expect(third.id).toBe(LONG_NAMED);
    expect([fourth.name, seventh.name]).toEqual([first.name, first.name]);
    const ticked = [first, second, third, fourth];
    const untickedNamesake = seventh;

    // The duplicate-names layout renamed its rows at the emulator when the page loaded.
    const before = entitiesOf(await control.state());
    const nameAtTikTok = (id: string) =>
      before.adgroups.find((g) => g.adgroup_id === id)?.adgroup_name as string;
    expect(nameAtTikTok(untickedNamesake.id)).toBe(first.name);
    expect(nameAtTikTok(LONG_NAMED)).toBe(LONG_NAME);

    for (const row of ticked) {
      const box = row.checkboxRect;
      await page.mouse.click((box.left + box.right) / 2, (box.top + box.bottom) / 2);
    }
    await expect
      .poll(async () =>
        (await truthRows(page))
          .filter((r) => r.checked)
          .map((r) => r.id)
          .sort(),
      )
      .toEqual(ticked.map((r) => r.id).sort());
    await expect
      .poll(() => page.getByTestId('bulk-selected-count').getAttribute('data-count'))
      .toBe('4');

    await page.getByTestId('bulk-open').click();
    const drawer = page.frameLocator('[data-testid="bulk-drawer-frame"]');
    const panel = drawer.getByTestId('bulk-panel');
    await panel.waitFor();
    await panel.getByTestId('bulk-kind-name').check();
    await panel.getByTestId('bulk-rename-mode').selectOption('replace');
    await panel.getByTestId('bulk-rename-find').fill(FIND);
    await panel.getByTestId('bulk-rename-replace').fill(REPLACE);
    const { seq: startSeq } = (await control.calls()).calls.at(-1) ?? { seq: 0 };
    await panel.getByTestId('bulk-preview-submit').click();

    // The preview: old → new for the ticked rows, and only them; the long name blocked.
    await panel.getByTestId('bulk-preview').waitFor({ timeout: 15_000 });
    const newName = (id: string) => nameAtTikTok(id).replaceAll(FIND, REPLACE);
    const preview = await previewRows(panel);
    expect([...preview.keys()].sort()).toEqual(ticked.map((r) => r.id).sort());
    const allowed = ticked.filter((r) => r.id !== LONG_NAMED).map((r) => r.id);
    for (const id of allowed) {
      expect(preview.get(id)).toEqual({
        verdict: 'ok',
        before: nameAtTikTok(id),
        after: `→ ${newName(id)}`,
        reason: '',
      });
    }
    expect(preview.get(first.id)?.after).toBe('→ United States | Interest: Home decor | Purchase');
    expect(preview.get(LONG_NAMED)).toMatchObject({
      verdict: 'blocked',
      before: LONG_NAME,
      after: `→ ${newName(LONG_NAMED)}`,
      reason: 'The new name has 516 characters: TikTok allows at most 512.',
    });
    expect(await panel.getByTestId('bulk-summary').textContent()).toBe('3 will change · 1 blocked');
    expect(await panel.getByTestId('bulk-apply').textContent()).toBe('Apply 3 changes');
    // Every verdict is in view: names cut to their column leave the table inside the drawer.
    const fit = await panel.evaluate((element) => ({
      width: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
      verdictEdges: [
        ...element.querySelectorAll('[data-testid="bulk-preview-row"] > td:last-child'),
      ].map((cell) => cell.getBoundingClientRect().right),
    }));
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.width);
    expect(fit.verdictEdges).toHaveLength(ticked.length);
    for (const edge of fit.verdictEdges) expect(edge).toBeLessThanOrEqual(fit.width);
    await screenshot(page, '90-bulk-rename-preview');

    const writes = async () =>
      (await control.calls({ path: 'adgroup/update/', since_seq: startSeq })).total;
    // A preview sends nothing.
    expect(await writes()).toBe(0);

    await panel.getByTestId('bulk-apply').click();
    await waitForFinishedJob(drawer);
    expect(await panel.getByTestId('bulk-counts').textContent()).toBe(
      '3 done · 0 failed · 1 skipped · 0 remaining',
    );
    const jobRow = (id: string) =>
      panel.locator(`[data-testid="bulk-job-row"][data-entity-id="${id}"]`);
    expect(await jobRow(LONG_NAMED).getAttribute('data-state')).toBe('skipped');
    for (const id of allowed) expect(await jobRow(id).getAttribute('data-state')).toBe('done');
    await screenshot(page, '91-bulk-rename-done');

    // At the emulator: one call per allowed row, those three renamed and nothing else changed
    // (the unticked namesake and the blocked ad group included).
    expect(await writes()).toBe(allowed.length);
    const afterApply = entitiesOf(await control.state());
    const newNames = new Map(allowed.map((id) => [id, newName(id)]));
    expect(afterApply).toEqual(withAdGroupNames(before, newNames, afterApply));

    // Undo: previewed new → old for the renamed rows, then applied as a job of its own.
    await panel.getByTestId('bulk-undo').click();
    await panel.getByTestId('bulk-preview').waitFor({ timeout: 15_000 });
    expect(await panel.getByTestId('bulk-plan-title').textContent()).toBe(
      'Undo: restore previous values',
    );
    const undo = await previewRows(panel);
    expect([...undo.keys()].sort()).toEqual([...allowed].sort());
    for (const id of allowed) {
      expect(undo.get(id)).toMatchObject({
        verdict: 'ok',
        before: newName(id),
        after: `→ ${nameAtTikTok(id)}`,
      });
    }
    await panel.getByTestId('bulk-apply').click();
    await waitForFinishedJob(drawer);
    expect(await panel.getByTestId('bulk-counts').textContent()).toBe(
      '3 done · 0 failed · 0 remaining',
    );
    expect(await writes()).toBe(2 * allowed.length);
    const afterUndo = entitiesOf(await control.state());
    const oldNames = new Map(allowed.map((id) => [id, nameAtTikTok(id)]));
    expect(afterUndo).toEqual(withAdGroupNames(before, oldNames, afterUndo));
    await screenshot(page, '92-bulk-rename-undone');
    await page.close();
  });
});
