import type { Page } from 'playwright-core';

/** A badge drawn on the page: its entity, how it was identified, and its box on screen. */
export interface VisibleBadge {
  id: string;
  by: string;
  box: { top: number; bottom: number; left: number; right: number };
}

/**
 * The overlay's badges that are showing, read in one evaluation of the page. The overlay
 * keeps a few badge elements it is not using hidden in the page, with no entity (badge-layer.ts);
 * a badge hidden is never counted as showing.
 */
export function visibleBadges(page: Page): Promise<VisibleBadge[]> {
  return page.evaluate(() => {
    const root = document.querySelector('bayme-ads-toolkit')?.shadowRoot;
    const found: VisibleBadge[] = [];
    for (const element of root?.querySelectorAll<HTMLElement>('[data-testid="overlay-badge"]') ??
      []) {
      if (element.style.display === 'none' || element.style.visibility === 'hidden') continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      found.push({
        id: element.dataset.baymeBadge ?? '',
        by: element.dataset.baymeBy ?? '',
        box: { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right },
      });
    }
    return found;
  });
}
