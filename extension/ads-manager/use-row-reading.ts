import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { requestScan, sendKnownEntities } from './bridge';
import type { ActiveHints } from './layout-hints';
import { indexEntities, type KnownEntity } from './row-identity';
import { type Reading, RowReader } from './row-reader';
import { RowTracker } from './row-tracker';

/**
 * The rows of the page as the overlay sees them: the reader and the tracker for the life of
 * a page view, the level's entities and the hints handed to the page-world script whenever
 * they change. Returns the reader (for moving badges) and its latest reading.
 */
export function useRowReading(
  entities: readonly KnownEntity[] | undefined,
  hints: ActiveHints,
): { reader: RowReader; reading: Reading } {
  const reader = useMemo(() => new RowReader(requestScan), []);
  const tracker = useMemo(
    () =>
      new RowTracker(
        () => reader.read(),
        () => document.querySelector('bayme-ads-toolkit'),
      ),
    [reader],
  );

  useEffect(() => {
    tracker.start();
    return () => tracker.stop();
  }, [tracker]);

  useEffect(() => {
    sendKnownEntities({
      ids: (entities ?? []).map((entity) => entity.id),
      names: (entities ?? []).map((entity) => entity.name),
      hints: {
        table: hints.selectors.table.map((hint) => hint.selector),
        rowCheckbox: hints.selectors.rowCheckbox.map((hint) => hint.selector),
        listUrlSubstrings: [...hints.listUrlSubstrings],
      },
    });
    reader.setEntities(entities ? indexEntities(entities) : null);
    tracker.refresh();
  }, [entities, hints, reader, tracker]);

  const reading = useSyncExternalStore(reader.subscribe, reader.snapshot);
  return { reader, reading };
}
