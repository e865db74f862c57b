import { useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { api } from '../lib/content-api';
import type { ActiveHints } from './layout-hints';
import type { AdsManagerPage } from './page-detection';
import type { Reading } from './row-reader';
import { selectorMatchCounts } from './selectors';

/**
 * Whether the buyer must be told that the page cannot be read, and what to say. Rows that
 * cannot be identified are said within 3 s of the table appearing (a short wait lets a
 * re-render settle, so a row caught half-drawn does not raise it); a page where no table is
 * found at all is said after 10 s, since big accounts load slowly. Admins hear of it too,
 * once per page and problem for the tab's life (the server also suppresses repeats).
 */

const SETTLE_MS = 700;
const NO_TABLE_MS = 10_000;

export interface LayoutHealth {
  kind: 'no_table' | 'rows_unidentified' | 'no_checkboxes';
  title: string;
  detail: string;
}

const reported = new Set<string>();

export function useLayoutHealth(
  page: AdsManagerPage,
  reading: Reading,
  entitiesKnown: boolean,
  hints: ActiveHints,
): LayoutHealth | null {
  const unidentified = entitiesKnown
    ? reading.rows.filter((row) => row.verdict.kind !== 'identified')
    : [];
  const names = unidentified.map((row) =>
    row.verdict.kind !== 'identified' && row.verdict.name ? row.verdict.name : null,
  );
  const visible = reading.rows.length;
  const problem: LayoutHealth['kind'] | null = !reading.table
    ? 'no_table'
    : unidentified.length > 0
      ? 'rows_unidentified'
      : reading.strategy === 'name-column' && entitiesKnown
        ? 'no_checkboxes'
        : null;

  const [shown, setShown] = useState<LayoutHealth['kind'] | null>(null);
  const latest = useRef(problem);
  latest.current = problem;
  useEffect(() => {
    if (problem === null) {
      setShown(null);
      return;
    }
    const timer = window.setTimeout(
      () => {
        if (latest.current === problem) setShown(problem);
      },
      problem === 'no_table' ? NO_TABLE_MS : SETTLE_MS,
    );
    return () => window.clearTimeout(timer);
  }, [problem]);

  useEffect(() => {
    if (shown === null || shown === 'no_checkboxes') return;
    const key = `${page.advertiserId}|${location.pathname}|${shown}`;
    if (reported.has(key)) return;
    reported.add(key);
    void api('reportPageHealth', {
      body: {
        problem:
          shown === 'rows_unidentified' && unidentified.length === visible
            ? 'no_rows_mapped'
            : shown,
        path: location.pathname,
        level: page.level,
        advertiserId: page.advertiserId,
        extensionVersion: browser.runtime.getManifest().version,
        hintsVersion: hints.version,
        ...(shown === 'no_table'
          ? {}
          : {
              rows: {
                visible: Math.min(visible, 500),
                unidentified: Math.min(unidentified.length, 500),
              },
            }),
        selectorMatches: selectorMatchCounts(document, hints.selectors),
      },
    }).catch(() => undefined);
  }, [shown, page, hints, unidentified.length, visible]);

  if (shown === null || shown !== problem) return null;
  if (shown === 'no_table') {
    return {
      kind: shown,
      title: 'Cannot find the table',
      detail:
        'The toolkit cannot find this page’s list, so it shows no figures here. The side panel lists the same ads with their figures and bulk edits.',
    };
  }
  if (shown === 'no_checkboxes') {
    return {
      kind: shown,
      title: 'Ticks cannot be read',
      detail:
        'The toolkit can show figures on this list but cannot see which rows you tick. Select rows for bulk edits in the side panel.',
    };
  }
  const count = unidentified.length;
  const listed = [...new Set(names.filter((n): n is string => n !== null))].slice(0, 3);
  const which =
    listed.length > 0
      ? `: ${listed.map((n) => `“${n}”`).join(', ')}${count > listed.length ? ` and ${count - listed.length} more` : ''}`
      : '';
  return {
    kind: shown,
    title: count === 1 ? '1 row not identified' : `${count} rows not identified`,
    detail: `The toolkit cannot tell which ${count === 1 ? 'entity this row is' : 'entities these rows are'}${which}. They get no figures and cannot be bulk-edited here; the side panel can.`,
  };
}
