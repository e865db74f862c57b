import type {
  CellError,
  CreateJob,
  CreatePlan,
  EntityType,
} from '../../../companion-server/src/contract/bulk-create';

/** A bulk-create plan and job in words, for the preview, its Create button and the progress. */

export const ENTITY_TYPE_LABELS: Record<EntityType, string> = {
  campaign: 'Campaign',
  adgroup: 'Ad group',
  ad: 'Ad',
};

const PLURALS: Record<EntityType, [string, string]> = {
  campaign: ['campaign', 'campaigns'],
  adgroup: ['ad group', 'ad groups'],
  ad: ['ad', 'ads'],
};

function countOf(type: EntityType, n: number): string {
  const [one, many] = PLURALS[type];
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "1 campaign · 2 ad groups · 3 ads", leaving out the types with none. */
export function entityCountsLine(counts: CreatePlan['counts']): string {
  const parts = [
    counts.campaigns > 0 ? countOf('campaign', counts.campaigns) : null,
    counts.adgroups > 0 ? countOf('adgroup', counts.adgroups) : null,
    counts.ads > 0 ? countOf('ad', counts.ads) : null,
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(' · ') : 'Nothing to create';
}

/** How many entities the plan creates, all types together. */
export function entityTotal(plan: Pick<CreatePlan, 'counts'>): number {
  const { campaigns, adgroups, ads } = plan.counts;
  return campaigns + adgroups + ads;
}

/** "row 5, column budget: …": where in the file, as far as the server could tell. */
export function cellErrorText(error: CellError): string {
  const place = [
    error.row === null ? null : `row ${error.row}`,
    error.column === null ? null : `column ${error.column}`,
  ].filter((part) => part !== null);
  return place.length > 0 ? `${place.join(', ')}: ${error.message}` : error.message;
}

/** "2 created · 1 failed · 3 remaining", with skipped rows only when there are some. */
export function jobCountsLine(counts: CreateJob['counts']): string {
  const parts = [`${counts.created} created`, `${counts.failed} failed`];
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  parts.push(`${counts.remaining} remaining`);
  return parts.join(' · ');
}
