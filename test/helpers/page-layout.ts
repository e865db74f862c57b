import type {
  LayoutHints,
  LayoutSample,
  LayoutSampleNode,
} from '../../companion-server/src/contract/page-layout';

/**
 * Small valid layout samples and hints documents for server tests: a table region holding
 * `rows` rows of two cells, each row's id in its first cell's React props.
 */

/** One node of a sample, static and empty unless `extra` says otherwise. */
export function sampleNode(
  i: number,
  p: number | null,
  tag: string,
  rect: LayoutSampleNode['rect'],
  extra: Partial<LayoutSampleNode> = {},
): LayoutSampleNode {
  return {
    i,
    p,
    tag,
    classes: [],
    attrs: [],
    rect,
    style: { position: 'static', overflowY: 'visible', transformed: false },
    text: [],
    hasText: false,
    checked: null,
    props: [],
    ...extra,
  };
}

export function layoutSample(rows = 3): LayoutSample {
  const nodes: LayoutSampleNode[] = [
    sampleNode(0, null, 'div', [200, 200, 1000, 48 * rows], {
      classes: ['table-wrap'],
      style: { position: 'relative', overflowY: 'auto', transformed: false },
    }),
  ];
  for (let row = 1; row <= rows; row += 1) {
    const top = 200 + 48 * (row - 1);
    const first = nodes.length;
    nodes.push(
      sampleNode(first, 0, 'div', [200, top, 400, 48], {
        classes: ['cell', 'cell-name'],
        attrs: [{ name: 'data-row-key', tokens: [`ID_${row}`] }],
        text: [`NAME_${row}`],
        props: [{ path: ['children', 'props', 'record', 'campaign_id'], token: `ID_${row}` }],
      }),
      sampleNode(first + 1, 0, 'div', [600, top, 600, 48], { classes: ['cell'], hasText: true }),
    );
  }
  return {
    version: 1,
    capturedAt: '2026-05-20T10:00:00.000Z',
    extensionVersion: '0.1.0',
    hintsVersion: 'built-in',
    page: { path: '/i18n/manage/campaign', level: 'campaign' },
    viewport: { width: 1440, height: 900 },
    nodes,
    reading: {
      tableFound: true,
      rows: Array.from({ length: rows }, (_, index) => ({
        top: 200 + 48 * index,
        bottom: 248 + 48 * index,
        token: index === 0 ? null : `ID_${index + 1}`,
        reason: index === 0 ? 'no_id' : 'props',
      })),
    },
    placeholders: { ids: rows, names: rows },
  };
}

export function layoutHints(version: string, tableSelector = 'ks-virtual-table'): LayoutHints {
  return {
    version,
    updatedAt: '2026-05-20T10:00:00.000Z',
    selectors: {
      table: [{ selector: tableSelector, seen: '2026-05', note: 'React virtual table' }],
      scrollLayer: [{ selector: '.ks-vt-body', seen: '2026-05-20' }],
      cell: [{ selector: '.ks-vt-cell', seen: '2026-05' }],
      nameLink: [{ selector: '[class*="KsLink"]', seen: '2026-05' }],
      rowCheckbox: [{ selector: 'input[type="checkbox"]', seen: '2026-05' }],
    },
    idKeys: { campaign: ['campaign_id'], adgroup: ['adgroup_id'], ad: ['ad_id'] },
    listUrlSubstrings: ['/api/v2/i18n/'],
  };
}
