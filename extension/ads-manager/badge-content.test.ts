import { describe, expect, it } from 'vitest';
import type { EntityMetrics, LevelMetrics } from '../../companion-server/src/contract/ads-manager';
import { badgeContent, badgeRuns, badgeText, rangeLabel, writeBadgeContent } from './badge-content';

const metrics = { currency: 'USD' } as LevelMetrics;
const current = {
  spend: 323.4,
  impressions: 12_000,
  clicks: 150,
  ctr: 1.25,
  cpc: 2.16,
  conversions: 3,
  cpa: 107.8,
  roas: null,
};
const row = { id: '1800000000000001', name: 'Campaign 1', current } as EntityMetrics;

describe('badge content', () => {
  it('shows the first two metrics the buyer chose, skipping ROAS without a value', () => {
    const content = badgeContent(row, metrics, ['roas', 'clicks', 'ctr', 'spend'], null);
    expect(content.metrics).toEqual(['clicks', 'ctr']);
    expect(badgeText(content)).toBe('Clicks 150 · CTR 1.25%');
  });

  it('says "No delivery" for a row without figures, and the range when the page does not', () => {
    const content = badgeContent(null, metrics, ['spend'], {
      start: '2026-11-29',
      end: '2026-12-05',
    });
    expect(badgeText(content)).toBe('No delivery · Nov 29 – Dec 5');
    // As drawn (and measured): the range is a span of its own, in the quiet tone.
    expect(badgeRuns(content)).toEqual([
      { text: 'No delivery', tone: 'quiet' },
      { text: ' · Nov 29 – Dec 5', tone: 'quiet' },
    ]);
    expect(badgeRuns(badgeContent(row, metrics, ['clicks', 'ctr'], null))).toEqual([
      { text: 'Clicks 150', tone: 'lead' },
      { text: ' · CTR 1.25%', tone: 'rest' },
    ]);
    expect(rangeLabel({ start: '2026-12-05', end: '2026-12-05' })).toBe('Dec 5');
  });

  it('marks an entity a rule acted on lately, before its figures', () => {
    const content = badgeContent(row, metrics, ['spend'], null, true);
    expect(badgeText(content)).toBe('⚑ $323');
    expect(badgeText(badgeContent(null, metrics, ['spend'], null, true))).toBe('⚑ No delivery');
    expect(badgeText(badgeContent(row, metrics, ['spend'], null))).toBe('$323');
  });

  it('shows Bayme ROAS beside TikTok’s ROAS when asked, and nothing where it has none', () => {
    const withRoas = {
      ...row,
      current: { ...current, roas: 2.1 },
      bayme: { orders: 2, revenue: 582.12, refunds: 0, roas: 1.8, unconverted: [] },
    };
    const beside = badgeContent(withRoas, metrics, ['spend', 'roas', 'bayme_roas'], null);
    expect(beside.metrics).toEqual(['roas', 'bayme_roas']);
    expect(badgeText(beside)).toBe('ROAS 2.10 · Bayme 1.80');
    // Without TikTok's ROAS on the badge, beside the buyer's first choice.
    const first = badgeContent(withRoas, metrics, ['spend', 'clicks', 'ctr', 'bayme_roas'], null);
    expect(badgeText(first)).toBe('$323 · Bayme 1.80');
    // TikTok's ROAS chosen but without a value: as if it were not.
    const noRoas = { ...withRoas, current };
    expect(badgeText(badgeContent(noRoas, metrics, ['roas', 'clicks', 'bayme_roas'], null))).toBe(
      'Clicks 150 · Bayme 1.80',
    );
    expect(badgeText(badgeContent(noRoas, metrics, ['roas', 'bayme_roas'], null))).toBe(
      'Bayme 1.80',
    );
    // Not asked for: as before.
    expect(badgeText(badgeContent(withRoas, metrics, ['roas', 'spend'], null))).toBe(
      'ROAS 2.10 · $323',
    );
    // The server takes no orders (null), or the row has no spend (ROAS null): not shown.
    for (const bayme of [null, { ...withRoas.bayme, roas: null }]) {
      const none = badgeContent({ ...withRoas, bayme }, metrics, ['roas', 'bayme_roas'], null);
      expect(badgeText(none)).toBe('ROAS 2.10');
    }
  });

  it('has a one-figure form for a row with room for one: Bayme ROAS when shown, else the first', () => {
    const withRoas = {
      ...row,
      current: { ...current, roas: 2.1 },
      bayme: { orders: 2, revenue: 582.12, refunds: 0, roas: 1.8, unconverted: [] },
    };
    const range = { start: '2026-11-29', end: '2026-12-05' };
    const short = (content: ReturnType<typeof badgeContent>) =>
      content.short ? badgeText(content.short) : null;
    expect(short(badgeContent(row, metrics, ['spend', 'clicks'], null))).toBe('$323');
    expect(short(badgeContent(withRoas, metrics, ['roas', 'bayme_roas'], null))).toBe('Bayme 1.80');
    // The rule mark and the range stay: the range is what the figure means.
    const kept = badgeContent(row, metrics, ['clicks', 'spend'], range, true);
    expect(short(kept)).toBe('⚑ Clicks 150 · Nov 29 – Dec 5');
    expect(kept.short?.metrics).toEqual(['clicks']);
    expect(kept.short?.short).toBeNull();
    // One figure, or none: the badge is its own short form.
    expect(badgeContent(row, metrics, ['spend'], null).short).toBeNull();
    expect(badgeContent(null, metrics, ['spend', 'clicks'], null).short).toBeNull();
  });

  it('writes text only (never markup) into the badge', () => {
    const element = document.createElement('div');
    const named = { ...row, current: { ...current, roas: 2 } };
    const content = badgeContent(named, metrics, ['spend'], {
      start: '2026-11-01',
      end: '2026-11-07',
    });
    content.parts[0] = { tone: 'lead', text: '<img src=x>' };
    writeBadgeContent(element, content);
    expect(element.querySelector('img')).toBeNull();
    expect(element.textContent).toBe('<img src=x> · Nov 1 – Nov 7');
    expect(element.querySelector('[data-metrics]')?.getAttribute('data-metrics')).toBe('spend');
    expect(element.querySelector('[data-testid="badge-range"]')).not.toBeNull();
  });

  it('rewrites only the texts of a badge holding the same parts, and rebuilds one that does not', () => {
    const element = document.createElement('div');
    const range = { start: '2026-11-01', end: '2026-11-07' };
    const withRoas = { ...row, current: { ...current, roas: 2 } };
    let holds = badgeContent(withRoas, metrics, ['spend', 'roas'], range);
    writeBadgeContent(element, holds);
    const spans = [...element.querySelectorAll('span span')];
    // Another row's figures, the same metrics: the same elements, new texts.
    const other = badgeContent(
      { ...row, current: { ...current, spend: 12, roas: 4 } },
      metrics,
      ['spend', 'roas'],
      range,
    );
    writeBadgeContent(element, other, holds);
    holds = other;
    expect([...element.querySelectorAll('span span')]).toEqual(spans);
    expect(element.textContent).toBe(badgeText(other));
    // Without a range, or without delivery: other parts, so other elements, and no range mark.
    for (const next of [
      badgeContent(withRoas, metrics, ['spend', 'roas'], null),
      badgeContent(null, metrics, ['spend'], null),
      badgeContent(null, metrics, ['spend'], range),
      badgeContent(null, metrics, ['spend'], null, true),
      badgeContent(withRoas, metrics, ['spend', 'roas'], range, true),
    ]) {
      writeBadgeContent(element, next, holds);
      holds = next;
      expect(element.textContent).toBe(badgeText(next));
      expect(element.querySelector('[data-testid="badge-range"]')?.textContent ?? null).toBe(
        next.range ? ` · ${next.range}` : null,
      );
      expect(element.querySelector('[data-metrics]')?.getAttribute('data-metrics') ?? null).toBe(
        next.metrics?.join(',') ?? null,
      );
    }
  });
});
