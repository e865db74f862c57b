import { useEffect, useMemo, useRef, useState } from 'react';
import type { EntityMetrics } from '../../companion-server/src/contract/ads-manager';
import type { RecentRuleAction } from '../../companion-server/src/contract/rules';
import { api, authorize, openSidePanel, openSignIn, reportPageContext } from '../lib/content-api';
import { ExtensionRequestError } from '../lib/errors';
import { getPreferences, watchPreferences } from '../lib/preferences';
import { queryKeys } from '../lib/query-keys';
import { useResource } from '../lib/resource-cache';
import { type BadgeMetric, badgeContent } from './badge-content';
import { BadgeLayer } from './badge-layer';
import { defaultRange } from './date-range';
import { activeHints } from './layout-hints';
import { sampleSentMessage, sendPageLayoutSample, setCurrentSampler } from './layout-sample-upload';
import type { MetricKey } from './metrics-format';
import { ExpandedCard } from './overlay-badge';
import { type NoticeAction, OverlayNotice } from './overlay-notice';
import type { AdsManagerPage } from './page-detection';
import type { KnownEntity } from './row-identity';
import type { Reading, RowOnPage } from './row-reader';
import type { SeenRow } from './row-selection';
import { useLayoutHealth } from './use-layout-health';
import { useRowReading } from './use-row-reading';

/**
 * The overlays of one list page view (account, level, range): a badge on every row the
 * extension can identify, a card on hover, and one notice when something cannot be read,
 * with a way to carry on. Badges take no pointer events, so the page's own clicks always
 * reach the page; they are moved without React while rows move (badge-layer.ts).
 */

export type RangeSource = 'address' | 'page' | 'default';

export function PageOverlays({
  page,
  host,
  onRowsSeen,
  cover = null,
}: {
  page: AdsManagerPage;
  host: HTMLElement;
  onRowsSeen: (rows: readonly SeenRow[], unidentifiedTicked: readonly string[]) => void;
  /** Our own panel over the right of the page (the bulk-edit drawer): no badge goes under it. */
  cover?: Element | null;
}) {
  const accounts = useResource(queryKeys.listAdAccounts(), () => api('listAdAccounts'), {
    freshForMs: 300_000,
  });
  const preferences = useResource(queryKeys.preferences(), getPreferences, { freshForMs: 300_000 });
  // A change saved on the options page reaches the open page's badges at once.
  const refetchPreferences = preferences.refetch;
  useEffect(() => watchPreferences(() => void refetchPreferences()), [refetchPreferences]);
  const me = useResource(queryKeys.me(), () => api('me'), { freshForMs: 300_000 });
  const serverHints = useResource(queryKeys.getLayoutHints(), () => api('getLayoutHints'), {
    freshForMs: 600_000,
  });
  const hints = useMemo(() => activeHints(serverHints.data?.hints ?? null), [serverHints.data]);
  const account = accounts.data?.adAccounts.find((a) => a.advertiserId === page.advertiserId);
  const healthy = account?.health === 'ok';

  const entities = useResource(
    queryKeys.listEntities(page.advertiserId, page.level),
    () =>
      api('listEntities', {
        params: { advertiserId: page.advertiserId },
        query: { level: page.level },
      }),
    { enabled: healthy, freshForMs: 30_000 },
  );
  const known = useMemo<KnownEntity[] | undefined>(
    () =>
      entities.data?.entities.map((entity) => ({
        id: entity.id,
        name: entity.name,
        operationStatus: entity.operationStatus,
        budget: entity.budget,
      })),
    [entities.data],
  );
  const { reader, reading } = useRowReading(known, hints);

  // The range the page shows: its address, else its own list requests, else (said on every
  // badge) the staff member's default.
  const { range, rangeSource } = useMemo(() => {
    if (page.range) return { range: page.range, rangeSource: 'address' as RangeSource };
    if (reading.pageRange) return { range: reading.pageRange, rangeSource: 'page' as RangeSource };
    if (account && preferences.data) {
      return {
        range: defaultRange(preferences.data.defaultDateRange, account.timezone),
        rangeSource: 'default' as RangeSource,
      };
    }
    return { range: null, rangeSource: 'default' as RangeSource };
  }, [page.range, reading.pageRange, account, preferences.data]);

  useEffect(() => {
    if (range) {
      void reportPageContext({
        advertiserId: page.advertiserId,
        level: page.level,
        ...range,
      }).catch(() => undefined);
    }
  }, [page.advertiserId, page.level, range]);

  const metrics = useResource(
    queryKeys.levelMetrics(page.advertiserId, {
      level: page.level,
      start: range?.start ?? '',
      end: range?.end ?? '',
    }),
    () =>
      api('levelMetrics', {
        params: { advertiserId: page.advertiserId },
        query: { level: page.level, start: range?.start ?? '', end: range?.end ?? '' },
      }),
    { enabled: range !== null && healthy, freshForMs: 60_000 },
  );
  // The comparison with the previous period is a second TikTok report: asked for only once a
  // buyer opens a row's full card, then kept for the whole view.
  const [wantsComparison, setWantsComparison] = useState(false);
  const comparison = useResource(
    queryKeys.levelMetrics(page.advertiserId, {
      level: page.level,
      start: range?.start ?? '',
      end: range?.end ?? '',
      compare: 'previous',
    }),
    () =>
      api('levelMetrics', {
        params: { advertiserId: page.advertiserId },
        query: {
          level: page.level,
          start: range?.start ?? '',
          end: range?.end ?? '',
          compare: 'previous',
        },
      }),
    { enabled: wantsComparison && range !== null && healthy, freshForMs: 60_000 },
  );
  // What rules did lately: a mark on the badge, a line on the card (rule-runner.ts).
  const ruleActions = useResource(
    queryKeys.recentRuleActions(page.advertiserId),
    () =>
      api('recentRuleActions', {
        params: { advertiserId: page.advertiserId },
        query: { hours: 24 },
      }),
    { enabled: healthy, freshForMs: 60_000 },
  );
  const actionsById = useMemo(() => {
    const found = new Map<string, RecentRuleAction[]>();
    for (const action of ruleActions.data?.actions ?? []) {
      found.set(action.entityId, [...(found.get(action.entityId) ?? []), action]);
    }
    return found;
  }, [ruleActions.data]);
  const figures = comparison.data ?? metrics.data;
  const byId = useMemo(
    () => new Map<string, EntityMetrics>((figures?.rows ?? []).map((row) => [row.id, row])),
    [figures],
  );

  // Identified rows go to the selection; ticked rows that cannot be identified are counted.
  // This follows the reader, not React: rows enter and leave on every frame of a scroll.
  useEffect(() => {
    const names = new Map((entities.data?.entities ?? []).map((e) => [e.id, e.name]));
    const report = (current: Reading) => {
      const { seen, unidentifiedTicked } = rowsSeen(current, names, reader.entitiesKnown);
      onRowsSeen(seen, unidentifiedTicked);
    };
    report(reader.current);
    return reader.onRows(report);
  }, [entities.data, onRowsSeen, reader]);

  const layer = useMemo(() => new BadgeLayer(), []);
  useEffect(() => reader.onMove((next) => layer.place(next)), [reader, layer]);
  useEffect(() => layer.setCover(cover), [layer, cover]);

  const shown = (preferences.data?.overlayMetrics ?? []) as MetricKey[];
  const shownKey = `${shown.join(',')}${preferences.data?.baymeRoas ? ',bayme_roas' : ''}`;
  const badgeRange = rangeSource === 'default' && figures ? figures.range : null;
  useEffect(() => {
    const metricsShown = shownKey ? (shownKey.split(',') as BadgeMetric[]) : [];
    layer.setContent(
      figures
        ? (id) =>
            badgeContent(
              byId.get(id) ?? null,
              figures,
              metricsShown,
              badgeRange,
              actionsById.has(id),
            )
        : null,
    );
  }, [layer, figures, byId, shownKey, badgeRange, actionsById]);
  // Every entity of the level gets its badge made while the page is idle, so that rows
  // scrolling into view only need theirs placed (badge-layer.ts).
  useEffect(() => {
    layer.prepare(figures ? (entities.data?.entities ?? []).map((entity) => entity.id) : []);
  }, [layer, figures, entities.data]);
  useEffect(() => () => layer.dispose(), [layer]);
  const hovered = useHoveredBadge(host);
  const hoveredRow = hovered ? rowOf(reader.current, hovered) : null;
  useEffect(() => {
    if (hovered) setWantsComparison(true);
  }, [hovered]);

  useEffect(() => {
    host.dataset.baymeHints = hints.version;
  });

  useEffect(() => {
    setCurrentSampler(() => sendPageLayoutSample(page, reader, hints.version));
    return () => setCurrentSampler(null);
  }, [page, reader, hints.version]);

  const health = useLayoutHealth(page, reading, reader.entitiesKnown, hints);
  // Rows the list cannot name may be entities created or renamed since it was fetched: ask
  // again, at most once per half minute (the server keeps its list that long anyway).
  const refetchedAt = useRef(0);
  const unidentifiedNow = health?.kind === 'rows_unidentified';
  const refetchEntities = entities.refetch;
  useEffect(() => {
    if (!unidentifiedNow || Date.now() - refetchedAt.current < 30_000) return;
    refetchedAt.current = Date.now();
    void refetchEntities();
  }, [unidentifiedNow, refetchEntities]);
  const context = range ? { advertiserId: page.advertiserId, level: page.level, ...range } : null;
  const sidePanel: NoticeAction | null = context
    ? {
        label: 'Open side panel',
        testId: 'notice-open-side-panel',
        run: () => openSidePanel(context),
      }
    : null;
  const sample: NoticeAction | null =
    me.data?.staff.role === 'admin'
      ? {
          label: 'Send a layout sample',
          testId: 'notice-send-sample',
          run: () =>
            sendPageLayoutSample(page, reader, hints.version).then((sent) =>
              sampleSentMessage(sent.sampleId),
            ),
        }
      : null;
  const actions = [sidePanel, sample].filter((a): a is NoticeAction => a !== null);
  const problem = accountProblem(accounts.error ?? entities.error ?? metrics.error, account, {
    loaded: accounts.isSuccess,
    advertiserId: page.advertiserId,
  });

  return (
    <div className="pointer-events-none fixed inset-0 z-[2147483000] font-sans">
      <div ref={layer.attach} data-bayme-badges="" />
      {figures && hoveredRow ? (
        <div data-testid="overlay-card" className="absolute" style={cardPosition(hoveredRow)}>
          <ExpandedCard
            row={byId.get(hoveredRow.id) ?? null}
            metrics={figures}
            shown={shown}
            comparison={figures.compared ? 'ready' : comparison.isError ? 'unavailable' : 'loading'}
            rangeSource={rangeSource}
            ruleActions={actionsById.get(hoveredRow.id)}
          />
        </div>
      ) : null}
      {problem ? (
        <OverlayNotice testId="overlay-notice" title={problem.title} actions={problem.actions}>
          {problem.detail}
        </OverlayNotice>
      ) : health ? (
        <OverlayNotice
          key={health.kind}
          testId="layout-notice"
          title={health.title}
          actions={actions}
        >
          {health.detail}
        </OverlayNotice>
      ) : null}
    </div>
  );
}

interface BadgeRow {
  id: string;
  top: number;
  bottom: number;
  left: number;
}

/** Where the row of an identified entity is now, for placing its card. */
function rowOf(reading: Reading, id: string): BadgeRow | null {
  const row = reading.rows.find((r) => r.verdict.kind === 'identified' && r.verdict.id === id);
  return row ? { id, top: row.top, bottom: row.bottom, left: row.left } : null;
}

/**
 * The rows a reading gives the selection: identified rows (never a shared name settled by the
 * row's status or budget: good enough for a badge, not for a bulk edit, since those cells
 * change in Ads Manager faster than our list is fetched), and the ticked rows that cannot be
 * identified, by label (rows may share one: each ticked row counts once).
 */
function rowsSeen(
  reading: Reading,
  names: ReadonlyMap<string, string>,
  entitiesKnown: boolean,
): { seen: SeenRow[]; unidentifiedTicked: string[] } {
  const seen: SeenRow[] = [];
  const unidentifiedTicked: string[] = [];
  for (const row of reading.rows) {
    const { verdict } = row;
    if (verdict.kind === 'identified' && verdict.by !== 'name-and-cells') {
      seen.push({ id: verdict.id, name: names.get(verdict.id) ?? null, checked: row.checked });
    } else if (row.checked === true && entitiesKnown) {
      const label = rowLabel(row);
      const same = unidentifiedTicked.filter((t) => t.startsWith(`${label}#`)).length;
      unidentifiedTicked.push(`${label}#${same + 1}`);
    }
  }
  return { seen, unidentifiedTicked };
}

/** How a row that could not be identified is named to the buyer: its longest text. */
export function rowLabel(row: RowOnPage): string {
  if (row.verdict.kind !== 'identified' && row.verdict.name) return row.verdict.name;
  const longest = [...row.texts].sort((a, b) => b.length - a.length)[0];
  return longest ? longest.slice(0, 80) : 'a row without a readable name';
}

/** The badge under the pointer, read from the page's pointer moves (badges take no events). */
function useHoveredBadge(host: HTMLElement): string | null {
  const [hovered, setHovered] = useState<string | null>(null);
  const last = useRef<string | null>(null);
  useEffect(() => {
    const onMove = (event: PointerEvent) => {
      let found: string | null = null;
      // Over the bulk-edit bar, drawer or notice, the rows beneath are hidden: no card.
      const overOurUi = event
        .composedPath()
        .some((node) => node instanceof HTMLElement && node.dataset.baymeInteractive !== undefined);
      if (!overOurUi) {
        for (const badge of host.shadowRoot?.querySelectorAll<HTMLElement>('[data-bayme-badge]') ??
          []) {
          if (badge.style.visibility === 'hidden') continue;
          const rect = badge.getBoundingClientRect();
          if (
            event.clientX >= rect.left &&
            event.clientX <= rect.right &&
            event.clientY >= rect.top &&
            event.clientY <= rect.bottom
          ) {
            found = badge.dataset.baymeBadge ?? null;
            break;
          }
        }
      }
      if (found !== last.current) {
        last.current = found;
        setHovered(found);
      }
    };
    window.addEventListener('pointermove', onMove, { capture: true, passive: true });
    return () => window.removeEventListener('pointermove', onMove, { capture: true });
  }, [host]);
  return hovered;
}

function cardPosition(row: BadgeRow): React.CSSProperties {
  const below = row.bottom + 4;
  const fitsBelow = below + 240 < window.innerHeight;
  return {
    top: fitsBelow ? below : Math.max(4, row.top - 244),
    left: Math.max(4, Math.min(row.left + 40, window.innerWidth - 300)),
  };
}

function accountProblem(
  error: unknown,
  account: { health: string } | undefined,
  context: { loaded: boolean; advertiserId: string },
): { title: string; detail: string; actions: NoticeAction[] } | null {
  const signIn: NoticeAction = {
    label: 'Sign in',
    testId: 'notice-sign-in',
    run: () => openSignIn(),
  };
  const reauthorize: NoticeAction = {
    label: 'Re-authorize',
    testId: 'notice-reauthorize',
    run: () => authorize(),
  };
  if (error instanceof ExtensionRequestError) {
    if (error.detail.kind === 'signed-out' || error.detail.kind === 'key-rejected') {
      return {
        title: 'Sign in to see figures',
        detail:
          error.detail.kind === 'signed-out'
            ? 'You are not signed in to the toolkit.'
            : 'The companion server no longer accepts your staff key.',
        actions: [signIn],
      };
    }
    return { title: 'Figures unavailable', detail: error.detail.message, actions: [] };
  }
  if (context.loaded && !account) {
    return {
      title: 'This ad account is not connected',
      detail: `Ad account ${context.advertiserId} is not connected to the toolkit yet.`,
      actions: [{ ...reauthorize, label: 'Authorize TikTok', testId: 'notice-authorize' }],
    };
  }
  if (account && account.health !== 'ok') {
    return {
      title: 'TikTok authorization broken',
      detail: 'TikTok no longer accepts the toolkit’s authorization for this ad account.',
      actions: [reauthorize],
    };
  }
  return null;
}
