import { describe, expect, it } from 'vitest';
import { enabledIntervals, type Interval, intersect, overlapMs } from './delivery-intervals';

function entity(
  timeline: Array<[number, boolean]>,
  options: { created?: number; deletedAt?: number | null } = {},
) {
  return {
    statusTimeline: timeline.map(([at, enabled]) => ({ at, enabled })),
    create_time: options.created ?? timeline[0]?.[0] ?? 0,
    deletedAt: options.deletedAt ?? null,
  };
}

describe('enabledIntervals', () => {
  it('runs from creation to the end of the window when never switched off', () => {
    expect(enabledIntervals(entity([[100, true]]), 0, 1_000)).toEqual([{ start: 100, end: 1_000 }]);
  });

  it('starts at the window when created before it', () => {
    expect(enabledIntervals(entity([[100, true]]), 400, 1_000)).toEqual([
      { start: 400, end: 1_000 },
    ]);
  });

  it('is empty when created at or after the end of the window', () => {
    expect(enabledIntervals(entity([[1_000, true]]), 0, 1_000)).toEqual([]);
    expect(enabledIntervals(entity([[1_500, true]]), 0, 1_000)).toEqual([]);
  });

  it('does not count time before creation even if the timeline says enabled', () => {
    expect(enabledIntervals(entity([[50, true]], { created: 200 }), 0, 1_000)).toEqual([
      { start: 200, end: 1_000 },
    ]);
  });

  it('stops at deletion', () => {
    expect(enabledIntervals(entity([[100, true]], { deletedAt: 500 }), 0, 1_000)).toEqual([
      { start: 100, end: 500 },
    ]);
  });

  it('is empty when deleted at or before the start of the window', () => {
    expect(enabledIntervals(entity([[100, true]], { deletedAt: 400 }), 400, 1_000)).toEqual([]);
    expect(enabledIntervals(entity([[100, true]], { deletedAt: 300 }), 400, 1_000)).toEqual([]);
  });

  it('ignores a deletion after the window', () => {
    expect(enabledIntervals(entity([[100, true]], { deletedAt: 5_000 }), 0, 1_000)).toEqual([
      { start: 100, end: 1_000 },
    ]);
  });

  const toggled = entity([
    [100, true],
    [300, false],
    [600, true],
    [800, false],
  ]);

  it.each([
    [
      0,
      1_000,
      [
        { start: 100, end: 300 },
        { start: 600, end: 800 },
      ],
    ],
    [
      250,
      650,
      [
        { start: 250, end: 300 },
        { start: 600, end: 650 },
      ],
    ],
    [300, 1_000, [{ start: 600, end: 800 }]],
    [400, 700, [{ start: 600, end: 700 }]],
    [600, 800, [{ start: 600, end: 800 }]],
    [300, 600, []],
    [800, 1_000, []],
    [0, 100, []],
    [0, 101, [{ start: 100, end: 101 }]],
    [799, 5_000, [{ start: 799, end: 800 }]],
  ])('in [%i, %i) gives %j', (from, to, expected) => {
    expect(enabledIntervals(toggled, from, to)).toEqual(expected);
  });

  it('begins disabled when created paused, and opens when enabled', () => {
    const created = entity([
      [100, false],
      [250, true],
    ]);
    expect(enabledIntervals(created, 0, 1_000)).toEqual([{ start: 250, end: 1_000 }]);
  });

  it('does not split an interval on a repeated ENABLE', () => {
    const repeated = entity([
      [100, true],
      [300, true],
      [500, false],
      [700, false],
    ]);
    expect(enabledIntervals(repeated, 0, 1_000)).toEqual([{ start: 100, end: 500 }]);
  });

  it('combines toggles with deletion', () => {
    expect(enabledIntervals({ ...toggled, deletedAt: 700 }, 0, 1_000)).toEqual([
      { start: 100, end: 300 },
      { start: 600, end: 700 },
    ]);
  });

  it('is empty for an empty timeline or an empty window', () => {
    expect(enabledIntervals(entity([], { created: 0 }), 0, 1_000)).toEqual([]);
    expect(enabledIntervals(entity([[100, true]]), 500, 500)).toEqual([]);
    expect(enabledIntervals(entity([[100, true]]), 600, 500)).toEqual([]);
  });
});

describe('intersect', () => {
  it.each<[Interval[], Interval[], Interval[]]>([
    [
      [
        { start: 0, end: 10 },
        { start: 20, end: 30 },
      ],
      [{ start: 5, end: 25 }],
      [
        { start: 5, end: 10 },
        { start: 20, end: 25 },
      ],
    ],
    [[{ start: 0, end: 10 }], [{ start: 10, end: 20 }], []],
    [[{ start: 0, end: 10 }], [], []],
    [[], [{ start: 0, end: 10 }], []],
    [[{ start: 0, end: 10 }], [{ start: 0, end: 10 }], [{ start: 0, end: 10 }]],
    [[{ start: 0, end: 100 }], [{ start: 10, end: 20 }], [{ start: 10, end: 20 }]],
    [
      [{ start: 0, end: 100 }],
      [
        { start: 10, end: 20 },
        { start: 30, end: 40 },
        { start: 90, end: 120 },
      ],
      [
        { start: 10, end: 20 },
        { start: 30, end: 40 },
        { start: 90, end: 100 },
      ],
    ],
    [
      [
        { start: 0, end: 5 },
        { start: 8, end: 12 },
        { start: 15, end: 30 },
      ],
      [
        { start: 3, end: 9 },
        { start: 11, end: 16 },
        { start: 29, end: 40 },
      ],
      [
        { start: 3, end: 5 },
        { start: 8, end: 9 },
        { start: 11, end: 12 },
        { start: 15, end: 16 },
        { start: 29, end: 30 },
      ],
    ],
  ])('%j ∩ %j = %j', (a, b, expected) => {
    expect(intersect(a, b)).toEqual(expected);
    expect(intersect(b, a)).toEqual(expected);
  });
});

describe('overlapMs', () => {
  const intervals: Interval[] = [
    { start: 0, end: 10 },
    { start: 20, end: 30 },
  ];

  it.each([
    [5, 25, 10],
    [0, 30, 20],
    [-100, 100, 20],
    [10, 20, 0],
    [30, 40, 0],
    [-10, 0, 0],
    [2, 4, 2],
    [9, 21, 2],
  ])('covers [%i, %i) for %i ms', (start, end, expected) => {
    expect(overlapMs(intervals, start, end)).toBe(expected);
  });

  it('is 0 with no intervals', () => {
    expect(overlapMs([], 0, 100)).toBe(0);
  });
});
