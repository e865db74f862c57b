import { z } from 'zod';
import type { CallOptions, ClientContext } from './context';
import { API_LIMITS, chunk } from './limits';
import { TikTokIdSchema } from './schemas';

export const AdvertiserInfoSchema = z.looseObject({
  advertiser_id: TikTokIdSchema,
  name: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  timezone: z.string().min(1),
  display_timezone: z.string().optional(),
  status: z.string(),
  balance: z.number().optional(),
});
export type AdvertiserInfo = z.infer<typeof AdvertiserInfoSchema>;

const ADVERTISER_FIELDS = [
  'advertiser_id',
  'name',
  'currency',
  'timezone',
  'display_timezone',
  'status',
  'balance',
];

export function advertisersApi({ transport }: ClientContext) {
  return {
    /** Name, currency, time zone, status and balance of ad accounts (100 ids per call). */
    async info(accessToken: string, advertiserIds: readonly string[], options: CallOptions = {}) {
      const accounts: AdvertiserInfo[] = [];
      for (const ids of chunk(advertiserIds, API_LIMITS.idsPerFilter)) {
        const result = await transport.request({
          method: 'GET',
          path: 'advertiser/info/',
          accessToken,
          query: { advertiser_ids: ids, fields: ADVERTISER_FIELDS },
          data: z.object({ list: z.array(AdvertiserInfoSchema) }),
          idempotent: true,
          ...options,
        });
        accounts.push(...result.data.list);
      }
      return accounts;
    },
  };
}
