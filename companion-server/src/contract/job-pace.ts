import { z } from 'zod';

/**
 * How fast a running job (bulk edit, bulk create) goes, and what holds it when it is slow.
 * Every TikTok call of the app shares one budget (the tier's calls per second): a job's calls
 * wait when TikTok asks us to slow down (`tiktok`), while calls for people working on screen
 * go first (`priority`), or when the tier's calls are all in use (`tier`).
 */
export const JobPaceSchema = z.object({
  /** Rows finished per minute over the last minute; null in the job's first seconds. */
  rowsPerMinute: z.number().nonnegative().nullable(),
  /** What holds the job's calls right now, if anything. */
  heldBy: z.enum(['tiktok', 'priority', 'tier']).nullable(),
});
export type JobPace = z.infer<typeof JobPaceSchema>;
