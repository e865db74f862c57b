import { describe, expect, it } from 'vitest';
import type { Campaign } from '../state/model';
import { campaignNameTakenProblem } from './name-rules';

const campaign = (id: string, name: string, deletedAt: number | null = null) =>
  ({ campaign_id: id, campaign_name: name, deletedAt }) as Campaign;

describe('campaignNameTakenProblem', () => {
  const campaigns = [campaign('1', 'Evergreen'), campaign('2', 'Spring', 1_700_000_000_000)];

  it("refuses a name another live campaign has, with TikTok's wording", () => {
    expect(campaignNameTakenProblem(campaigns, 'Evergreen', '3')).toBe(
      'campaign_name: A campaign with this name already exists.',
    );
  });

  it('lets a campaign keep its own name, reuse a deleted one, and differ by case', () => {
    expect(campaignNameTakenProblem(campaigns, 'Evergreen', '1')).toBeNull();
    expect(campaignNameTakenProblem(campaigns, 'Spring', '3')).toBeNull();
    expect(campaignNameTakenProblem(campaigns, 'evergreen', '3')).toBeNull();
  });
});
