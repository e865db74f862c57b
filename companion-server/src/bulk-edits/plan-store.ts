import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type Plan, PlanSchema } from '../contract/bulk-edits';
import { writeFileAtomic } from '../storage/atomic-file';

/**
 * Plans, one JSON file each in `bulk-edits/plans/`, so that a preview can still be applied
 * (or approved) after a restart until it expires. Old plans are removed when the store opens.
 */
const KEEP_PLANS_MS = 7 * 86_400_000;

export class PlanStore {
  readonly #dir: string;
  readonly #plans = new Map<string, Plan>();

  private constructor(dir: string) {
    this.#dir = dir;
  }

  static async open(dir: string, now: Date): Promise<PlanStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const store = new PlanStore(dir);
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.json')) continue;
      const file = join(dir, name);
      const parsed = PlanSchema.safeParse(
        JSON.parse(await readFile(file, 'utf8').catch(() => 'null')),
      );
      if (!parsed.success || Date.parse(parsed.data.createdAt) < now.getTime() - KEEP_PLANS_MS) {
        await unlink(file).catch(() => undefined);
        continue;
      }
      store.#plans.set(parsed.data.planId, parsed.data);
    }
    return store;
  }

  get(planId: string): Plan | null {
    return this.#plans.get(planId) ?? null;
  }

  async save(plan: Plan): Promise<Plan> {
    const valid = PlanSchema.parse(plan);
    await writeFileAtomic(join(this.#dir, `${valid.planId}.json`), JSON.stringify(valid));
    this.#plans.set(valid.planId, valid);
    return valid;
  }
}
