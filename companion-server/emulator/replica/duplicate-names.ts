import type { EmulatorRuntime } from '../runtime';
import type { Advertiser } from '../state/model';
import { listRows } from './list-rows';
import type { DateRange } from './params';

/**
 * The `duplicate-names` layout flag: three rows among the first seven of an account's ad group
 * list, and of its ad list, share one name. The rename is made in the emulator's state (as if
 * someone had renamed them in Ads Manager), so the Marketing API reports the same names the
 * page shows: an extension that maps rows by name must then find more than one candidate.
 *
 * Campaigns are left alone: TikTok refuses two live campaigns with the same name.
 * Rows 0, s and 2s (s up to 3) take row 0's name; a second visit changes nothing.
 */

const STRIDE = 3;

/** The indexes in list order that share a name, for a list of `count` rows. */
export function duplicateRowIndexes(count: number): number[] {
  if (count < 3) return [];
  const stride = Math.min(STRIDE, Math.floor((count - 1) / 2));
  return [0, stride, 2 * stride];
}

export function duplicateNames(
  runtime: EmulatorRuntime,
  advertiser: Advertiser,
  range: DateRange,
): void {
  const now = runtime.clock.now();
  const { state } = runtime;
  const rowsOf = (level: 'adgroup' | 'ad') => {
    const rows = listRows(runtime, { advertiser, level, ...range });
    return duplicateRowIndexes(rows.length).map((index) => rows[index]);
  };

  const adGroups = rowsOf('adgroup').map((row) =>
    row && 'adgroup_id' in row ? state.adGroups.get(row.adgroup_id) : undefined,
  );
  const ads = rowsOf('ad').map((row) =>
    row && 'ad_id' in row ? state.ads.get(row.ad_id) : undefined,
  );
  const renamedGroups = shareFirstName(adGroups, now, {
    get: (adGroup) => adGroup.adgroup_name,
    set: (adGroup, name) => {
      adGroup.adgroup_name = name;
    },
  });
  const renamedAds = shareFirstName(ads, now, {
    get: (ad) => ad.ad_name,
    set: (ad, name) => {
      ad.ad_name = name;
    },
  });
  if (renamedGroups || renamedAds) state.touch();
}

/** Gives every entity the first one's name; whether anything changed. */
function shareFirstName<Entity extends { modify_time: number }>(
  entities: Array<Entity | undefined>,
  now: number,
  name: { get(entity: Entity): string; set(entity: Entity, name: string): void },
): boolean {
  const [first, ...others] = entities;
  if (!first) return false;
  let changed = false;
  for (const entity of others) {
    if (!entity || name.get(entity) === name.get(first)) continue;
    name.set(entity, name.get(first));
    entity.modify_time = now;
    changed = true;
  }
  return changed;
}
