import { randomBytes } from 'node:crypto';

/** Our own ids: a readable prefix and 80 random bits, e.g. `stf_3f9a0c1b2d4e5f607182`. */
export function newId(
  prefix: 'stf' | 'conn' | 'oa' | 'plan' | 'job' | 'rule' | 'run' | 'sch' | 'fire',
): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`;
}
