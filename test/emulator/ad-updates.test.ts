import { describe, expect, it } from 'vitest';
import { seededEmulator } from '../helpers/seeded-emulator';
import { DAY_MS, HOUR_MS, START } from './support';

/**
 * ad/update/ as the emulator models it (ad-endpoints.ts): the official SDK's body
 * (advertiser_id, adgroup_id, creatives of at most 20), read the strict way where TikTok
 * leaves it open (the list replaces the ad group's ads; each creative is sent in full), the
 * creative's limits, and review: an edit viewers see sends the ad back to review for a day,
 * a rename does not, and an ad in review cannot be changed.
 */

const emulator = seededEmulator();

const post = (path: string, body: Record<string, unknown>) =>
  emulator.api.post(path, { advertiser_id: emulator.usId, ...body }, emulator.token);

/** Every ad of the ad group, deleted ones included, as ad/get/ gives them. */
async function adsOf(adgroupId: string): Promise<any[]> {
  const response = await emulator.api.get(
    'ad/get/',
    {
      advertiser_id: emulator.usId,
      filtering: { adgroup_ids: [adgroupId], primary_status: 'STATUS_ALL' },
    },
    emulator.token,
  );
  return response.body.data.list;
}

/** The creative of an ad, as ad/update/ takes it back. */
function creativeOf(ad: any): Record<string, unknown> {
  const {
    ad_id,
    ad_name,
    ad_format,
    ad_text,
    identity_id,
    identity_type,
    display_name,
    video_id,
    call_to_action,
    landing_page_url,
  } = ad;
  return {
    ad_id,
    ad_name,
    ad_format,
    ad_text,
    identity_id,
    identity_type,
    display_name,
    video_id,
    call_to_action,
    landing_page_url,
  };
}

/** A live ad group of the US account whose three ads are all live. */
async function groupOfThree(): Promise<{ adgroupId: string; ads: any[] }> {
  const state = await emulator.control.state(emulator.usId);
  for (const group of state.adgroups.filter((g) => !g.deleted)) {
    const ads = (await adsOf(group.adgroup_id)).filter(
      (ad) => ad.secondary_status !== 'AD_STATUS_DELETE',
    );
    if (ads.length === 3) return { adgroupId: group.adgroup_id, ads };
  }
  throw new Error('no ad group with three live ads');
}

describe('ad/update/', () => {
  it('changes the ads sent, sends an ad whose viewers see a change back to review, not a renamed one', async () => {
    const { adgroupId, ads } = await groupOfThree();
    const [first, second, third] = ads;
    const response = await post('ad/update/', {
      adgroup_id: adgroupId,
      creatives: [
        { ...creativeOf(first), ad_name: 'Renamed' },
        { ...creativeOf(second), landing_page_url: 'https://bayme.example/sale?utm_source=tiktok' },
        creativeOf(third),
      ],
    });
    expect(response.body.code, response.body.message).toBe(0);
    expect(response.body.data.ad_ids).toEqual([first.ad_id, second.ad_id, third.ad_id]);

    const after = new Map((await adsOf(adgroupId)).map((ad) => [ad.ad_id, ad]));
    expect(after.get(first.ad_id)).toMatchObject({ ad_name: 'Renamed' });
    expect(after.get(first.ad_id)?.secondary_status).toBe(first.secondary_status);
    expect(after.get(second.ad_id)).toMatchObject({
      landing_page_url: 'https://bayme.example/sale?utm_source=tiktok',
      secondary_status: 'AD_STATUS_REAUDIT',
    });
    // Sent as it was: nothing changes, not even its modify time.
    expect(after.get(third.ad_id)).toEqual(third);

    // The review ends after a day: approved, the ad delivers as before.
    await emulator.control.clock({ set: START + DAY_MS + HOUR_MS });
    const reviewed = (await adsOf(adgroupId)).find((ad) => ad.ad_id === second.ad_id);
    expect(reviewed?.secondary_status).toBe(second.secondary_status);
  });

  it('deletes a live ad of the ad group left out of the list (the strict reading of a list update)', async () => {
    const { adgroupId, ads } = await groupOfThree();
    const [first, second, third] = ads;
    const response = await post('ad/update/', {
      adgroup_id: adgroupId,
      creatives: [creativeOf(first), creativeOf(second)],
    });
    expect(response.body.code).toBe(0);
    const after = new Map((await adsOf(adgroupId)).map((ad) => [ad.ad_id, ad]));
    expect(after.get(third.ad_id)?.secondary_status).toBe('AD_STATUS_DELETE');
    expect(after.get(first.ad_id)?.secondary_status).not.toBe('AD_STATUS_DELETE');
  });

  it('refuses an ad in review, but takes it sent back unchanged', async () => {
    const { adgroupId, ads } = await groupOfThree();
    const [first, second, third] = ads;
    const edit = await post('ad/update/', {
      adgroup_id: adgroupId,
      creatives: [
        { ...creativeOf(first), ad_text: 'New text for the sale.' },
        creativeOf(second),
        creativeOf(third),
      ],
    });
    expect(edit.body.code).toBe(0);
    const again = await post('ad/update/', {
      adgroup_id: adgroupId,
      creatives: [
        { ...creativeOf(first), ad_text: 'Another text.' },
        creativeOf(second),
        creativeOf(third),
      ],
    });
    expect(again.body).toMatchObject({ code: 40002, data: {} });
    expect(again.body.message).toMatch(/is in review and cannot be edited/);
    // A rename of a sibling with the ad in review sent back as it is now goes through.
    const reviewed = (await adsOf(adgroupId)).find((ad) => ad.ad_id === first.ad_id);
    const sibling = await post('ad/update/', {
      adgroup_id: adgroupId,
      creatives: [
        creativeOf(reviewed),
        { ...creativeOf(second), ad_name: 'Sibling' },
        creativeOf(third),
      ],
    });
    expect(sibling.body.code, sibling.body.message).toBe(0);
  });

  it('refuses what TikTok refuses in a creative, and changes nothing when one creative is refused', async () => {
    const { adgroupId, ads } = await groupOfThree();
    const [first, second, third] = ads;
    const send = (edit: Record<string, unknown>) =>
      post('ad/update/', {
        adgroup_id: adgroupId,
        creatives: [{ ...creativeOf(first), ...edit }, creativeOf(second), creativeOf(third)],
      });
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ad_name: 'x'.repeat(513) }, /ad_name: The name must be at most 512/],
      // 300 Japanese characters count as 600.
      [{ ad_name: 'あ'.repeat(300) }, /ad_name: The name must be at most 512/],
      [{ ad_name: 'Sale 🔥' }, /ad_name: The name cannot contain emoji/],
      [{ ad_text: 'x'.repeat(101) }, /ad_text: The ad text must be 1-100/],
      [{ ad_text: '新'.repeat(51) }, /ad_text: The ad text must be 1-100/],
      [{ ad_text: '' }, /ad_text: The ad text cannot be empty/],
      [{ ad_text: 'Sale 🔥' }, /ad_text: The ad text cannot contain emoji/],
      [{ landing_page_url: 'bayme.example/sale' }, /landing_page_url: Not a valid URL/],
      [{ landing_page_url: 'ftp://bayme.example/' }, /must start with http/],
      [{ landing_page_url: 'https://bayme.example/a b' }, /contains spaces/],
      [{ ad_format: 'SINGLE_IMAGE', image_ids: ['img1'] }, /ad format cannot be changed/],
    ];
    for (const [edit, message] of cases) {
      const response = await send(edit);
      expect(response.body.code, JSON.stringify(edit)).toBe(40002);
      expect(response.body.message).toMatch(message);
    }
    expect(await adsOf(adgroupId)).toEqual(ads);
    // 50 Japanese characters are 100: the limit exactly.
    expect((await send({ ad_text: '新'.repeat(50) })).body.code).toBe(0);
  });

  it('refuses an ad of another ad group, a repeated ad, patch_update and more than 20 creatives', async () => {
    const { adgroupId, ads } = await groupOfThree();
    const state = await emulator.control.state(emulator.usId);
    const stranger = state.ads.find((ad) => !ad.deleted && ad.adgroup_id !== adgroupId);
    const [first] = ads;
    const cases: Array<[Record<string, unknown>, RegExp, number]> = [
      [
        { adgroup_id: adgroupId, creatives: [creativeOf(stranger)] },
        /does not belong to ad group/,
        40002,
      ],
      [
        { adgroup_id: adgroupId, creatives: [creativeOf(first), creativeOf(first)] },
        /only once/,
        40002,
      ],
      [
        { adgroup_id: adgroupId, patch_update: true, creatives: [creativeOf(first)] },
        /full update only/,
        40002,
      ],
      [
        {
          adgroup_id: adgroupId,
          creatives: Array.from({ length: 21 }, () => creativeOf(first)),
        },
        /At most 20 creatives/,
        40002,
      ],
      [{ adgroup_id: adgroupId, creatives: [{ ad_name: 'No id' }] }, /ad_id/, 40002],
    ];
    for (const [body, message, code] of cases) {
      const response = await post('ad/update/', body);
      expect(response.body.code, JSON.stringify(body).slice(0, 80)).toBe(code);
      expect(response.body.message).toMatch(message);
    }
  });
});
