/** Half-open time intervals [start, end) in epoch milliseconds, kept sorted and disjoint. */
export interface Interval {
  start: number;
  end: number;
}

interface Switchable {
  statusTimeline: ReadonlyArray<{ at: number; enabled: boolean }>;
  deletedAt: number | null;
  create_time: number;
}

/** When the entity was switched on within [from, to): after creation and before deletion. */
export function enabledIntervals(entity: Switchable, from: number, to: number): Interval[] {
  const lower = Math.max(from, entity.create_time);
  const upper = Math.min(to, entity.deletedAt ?? Number.POSITIVE_INFINITY);
  if (lower >= upper) return [];

  const intervals: Interval[] = [];
  let enabled = false;
  let openedAt = lower;
  for (const change of entity.statusTimeline) {
    if (change.at <= lower) {
      enabled = change.enabled;
      continue;
    }
    if (change.at >= upper) break;
    if (change.enabled !== enabled) {
      if (enabled) intervals.push({ start: openedAt, end: change.at });
      else openedAt = change.at;
      enabled = change.enabled;
    }
  }
  if (enabled) intervals.push({ start: openedAt, end: upper });
  return intervals;
}

export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const left = a[i] as Interval;
    const right = b[j] as Interval;
    const start = Math.max(left.start, right.start);
    const end = Math.min(left.end, right.end);
    if (start < end) result.push({ start, end });
    if (left.end < right.end) i += 1;
    else j += 1;
  }
  return result;
}

/** Milliseconds of [start, end) covered by the intervals. */
export function overlapMs(intervals: readonly Interval[], start: number, end: number): number {
  let covered = 0;
  for (const interval of intervals) {
    if (interval.end <= start) continue;
    if (interval.start >= end) break;
    covered += Math.min(end, interval.end) - Math.max(start, interval.start);
  }
  return covered;
}

/** The union of several interval lists (sorted, disjoint, adjacent ones merged). */
export function unionOf(lists: ReadonlyArray<readonly Interval[]>): Interval[] {
  const all = lists.flat().sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of all) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}
