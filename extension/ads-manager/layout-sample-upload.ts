import { browser } from 'wxt/browser';
import { api } from '../lib/content-api';
import { requestLayoutSample } from './bridge';
import type { CapturedSample } from './layout-capture';
import type { AdsManagerPage } from './page-detection';
import type { RowReader } from './row-reader';

/**
 * Capture a layout sample of this page (page-world script: ids and names replaced by
 * placeholders, no other text) and upload it for admins. The companion server checks the
 * sample against its schema and refuses anything that still looks like a raw id.
 */
export async function sendPageLayoutSample(
  page: AdsManagerPage,
  reader: RowReader,
  hintsVersion: string,
): Promise<{ sampleId: string }> {
  const conclusions = reader.current.rows.map((row) => ({
    top: row.top,
    bottom: row.bottom,
    id: row.verdict.kind === 'identified' ? row.verdict.id : null,
    reason: row.verdict.kind === 'identified' ? `by ${row.verdict.by}` : row.verdict.kind,
  }));
  const raw = requestLayoutSample(conclusions);
  // Only the shape is looked at here: the companion server checks the whole sample against
  // its schema (contract/page-layout.ts) and refuses anything that still looks like an id.
  if (!isCapturedSample(raw)) {
    throw new Error('The page could not be captured: reload the page and try again.');
  }
  const captured = raw;
  const sent = await api('sendLayoutSample', {
    body: {
      ...captured,
      capturedAt: new Date().toISOString(),
      extensionVersion: browser.runtime.getManifest().version,
      hintsVersion,
      page: { path: location.pathname, level: page.level },
    },
  });
  return { sampleId: sent.sampleId };
}

function isCapturedSample(value: unknown): value is CapturedSample {
  if (value === null || typeof value !== 'object') return false;
  const sample = value as Partial<Record<keyof CapturedSample, unknown>>;
  return (
    sample.version === 1 &&
    Array.isArray(sample.nodes) &&
    typeof sample.viewport === 'object' &&
    typeof sample.reading === 'object' &&
    typeof sample.placeholders === 'object'
  );
}

export function sampleSentMessage(sampleId: string): string {
  return `Sample ${sampleId} sent. Admins can download it from the companion server.`;
}

/**
 * The page view currently shown, as a way to capture it: the options page's "Send a layout
 * sample" reaches this tab through the background and lands here.
 */
let currentSampler: (() => Promise<{ sampleId: string }>) | null = null;

export function setCurrentSampler(sampler: (() => Promise<{ sampleId: string }>) | null): void {
  currentSampler = sampler;
}

export function captureCurrentPage(): Promise<{ sampleId: string }> {
  if (!currentSampler) {
    return Promise.reject(
      new Error(
        'This tab shows no Ads Manager list right now: open a campaign, ad group or ad list.',
      ),
    );
  }
  return currentSampler();
}
