import { afterEach, describe, expect, it } from 'vitest';
import type {
  LayoutSample,
  LayoutSampleNode,
} from '../../companion-server/src/contract/page-layout';
import {
  fixtureFromSample,
  type LayoutFixture,
  readLayoutFixtures,
} from '../../test/fixtures/ads-manager/layout-fixture';
import {
  FIXTURE_PROPS_KEY,
  loadLayoutFixture,
  syntheticValue,
} from '../../test/fixtures/ads-manager/load-sample';
import { sampleNode } from '../../test/helpers/page-layout';

/**
 * The layout-fixture loader (test/fixtures/ads-manager/load-sample.ts): what a sample says
 * comes back in happy-dom as row discovery will read it — boxes, styles, texts, attributes,
 * checkboxes and React props — and every fixture in the folder loads.
 */

const node = sampleNode;

function sample(nodes: LayoutSampleNode[]): LayoutSample {
  return {
    version: 1,
    capturedAt: '2026-05-20T10:00:00.000Z',
    extensionVersion: '0.1.0',
    hintsVersion: 'built-in',
    page: { path: '/i18n/manage/adgroup', level: 'adgroup' },
    viewport: { width: 1366, height: 768 },
    nodes,
    reading: {
      tableFound: true,
      rows: [
        { top: 100, bottom: 148, token: 'ID_3', reason: 'props' },
        { top: 148, bottom: 196, token: null, reason: 'no_id' },
      ],
    },
    placeholders: { ids: 2, names: 1 },
  };
}

const SMALL = sample([
  node(0, null, 'div', [10, 50, 800, 400], {
    classes: ['table-wrap', 'css-1x2y'],
    style: { position: 'relative', overflowY: 'auto', transformed: false },
  }),
  node(1, 0, 'div', [10, 100, 800, 96], {
    classes: ['body-layer'],
    style: { position: 'absolute', overflowY: 'hidden', transformed: true },
  }),
  node(2, 1, 'div', [10.5, 100, 300, 48], {
    classes: ['cell'],
    attrs: [
      { name: 'data-row-key', tokens: ['ID_3', 'NAME_3'] },
      { name: 'aria-label', tokens: [] },
      { name: 'class', tokens: [] },
      { name: 'style', tokens: [] },
    ],
    text: ['NAME_3'],
    hasText: true,
    props: [
      { path: ['children', 'props', 'cellContext', 'record', 'adgroup_id'], token: 'ID_3' },
      { path: ['children', 'props', 'cellContext', 'record', 'adgroup_name'], token: 'NAME_3' },
      { path: ['rows', '1', 'id'], token: 'ID_7' },
      { path: ['__proto__', 'id'], token: 'ID_7' },
    ],
  }),
  node(3, 2, 'input', [20, 116, 16, 16], { checked: true }),
  node(4, 1, 'span', [20, 164, 16, 16], { checked: false, classes: ['fake-checkbox'] }),
  node(5, 1, 'svg', [40, 164, 16, 16], { classes: ['icon'] }),
  node(6, 5, 'path', [40, 164, 16, 16]),
]);

const SMALL_FIXTURE: LayoutFixture = {
  sample: SMALL,
  expected: {
    level: 'adgroup',
    rows: [
      { top: 100, bottom: 148, token: 'ID_3' },
      { top: 148, bottom: 196, token: 'ID_7' },
    ],
  },
};

function element(root: Element, selector: string): HTMLElement {
  const found = root.matches(selector) ? root : root.querySelector(selector);
  if (!(found instanceof HTMLElement)) throw new Error(`No ${selector} in the loaded fixture.`);
  return found;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('synthetic values', () => {
  it('are 19-digit ids starting with 7, and "Name n"', () => {
    expect(syntheticValue('ID_1')).toBe('7000000000000000001');
    expect(syntheticValue('ID_99999')).toBe('7000000000000099999');
    expect(syntheticValue('NAME_12')).toBe('Name 12');
    expect(() => syntheticValue('NAME_x')).toThrow(/not a placeholder/);
  });
});

describe('loadLayoutFixture', () => {
  it('rebuilds the tree under the document body, with tags and classes', () => {
    const { root } = loadLayoutFixture(SMALL_FIXTURE);
    expect(root.parentElement).toBe(document.body);
    expect(root.className).toBe('table-wrap css-1x2y');
    expect(root.querySelectorAll('*')).toHaveLength(SMALL.nodes.length - 1);
    const cell = element(root, '.cell');
    expect(cell.parentElement?.className).toBe('body-layer');
    expect(cell.querySelector('input')).not.toBeNull();
    expect(root.querySelector('svg path')?.namespaceURI).toBe('http://www.w3.org/2000/svg');
  });

  it('answers the captured boxes from getBoundingClientRect', () => {
    const { root } = loadLayoutFixture(SMALL_FIXTURE);
    const box = element(root, '.cell').getBoundingClientRect();
    expect([box.x, box.y, box.width, box.height, box.bottom, box.right]).toEqual([
      10.5, 100, 300, 48, 148, 310.5,
    ]);
    expect(root.getBoundingClientRect().height).toBe(400);
    expect(root.querySelector('svg path')?.getBoundingClientRect().top).toBe(164);
  });

  it('sets position, overflow and transform so that getComputedStyle reads them', () => {
    const { root } = loadLayoutFixture(SMALL_FIXTURE);
    const layer = getComputedStyle(element(root, '.body-layer'));
    expect([layer.position, layer.overflowY]).toEqual(['absolute', 'hidden']);
    expect(layer.transform).toMatch(/translateY/);
    const wrap = getComputedStyle(root);
    expect([wrap.position, wrap.overflowY, wrap.transform]).toEqual(['relative', 'auto', 'none']);
    const cell = getComputedStyle(element(root, '.cell'));
    expect([cell.position, cell.overflowY, cell.transform]).toEqual(['static', 'visible', 'none']);
  });

  it('gives a sticky node the inset it stuck with, and an older sample none', () => {
    const sticky = (i: number, stuck?: 'top' | 'side') =>
      node(i, 0, 'div', [10, 50, 800, 40], {
        classes: [`sticky-${i}`],
        style: {
          position: 'sticky',
          overflowY: 'visible',
          transformed: false,
          ...(stuck ? { stuck } : {}),
        },
      });
    const n = SMALL.nodes.length;
    const { root } = loadLayoutFixture(
      fixtureFromSample(
        sample([...SMALL.nodes, sticky(n, 'top'), sticky(n + 1, 'side'), sticky(n + 2)]),
      ),
    );
    const insets = (i: number) => {
      const style = getComputedStyle(element(root, `.sticky-${i}`));
      return [style.position, style.top || 'auto', style.left || 'auto'];
    };
    expect(insets(n)).toEqual(['sticky', '0px', 'auto']);
    expect(insets(n + 1)).toEqual(['sticky', 'auto', '0px']);
    expect(insets(n + 2)).toEqual(['sticky', 'auto', 'auto']);
  });

  it('writes attribute values from their placeholders, and the texts', () => {
    const { root } = loadLayoutFixture(SMALL_FIXTURE);
    const cell = element(root, '.cell');
    expect(cell.getAttribute('data-row-key')).toBe('7000000000000000003 Name 3');
    expect(cell.getAttribute('aria-label')).toBe('');
    // Classes and the inline style come from their own fields, not from the attribute list.
    expect(cell.getAttribute('class')).toBe('cell');
    expect(cell.style.position).toBe('static');
    expect(cell.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    expect(cell.firstChild?.textContent).toBe('Name 3 text');
    expect(element(root, '.body-layer').firstChild?.nodeType).toBe(Node.ELEMENT_NODE);
  });

  it('builds the React props from the key paths, arrays for numeric keys', () => {
    const { root } = loadLayoutFixture(SMALL_FIXTURE);
    const cell = element(root, '.cell');
    expect(Object.keys(cell)).toContain(FIXTURE_PROPS_KEY);
    const props = (cell as unknown as Record<string, { children: unknown; rows: unknown[] }>)[
      FIXTURE_PROPS_KEY
    ];
    expect(props?.children).toEqual({
      props: {
        cellContext: { record: { adgroup_id: '7000000000000000003', adgroup_name: 'Name 3' } },
      },
    });
    expect(Array.isArray(props?.rows)).toBe(true);
    expect(props?.rows).toHaveLength(2);
    expect(props?.rows[1]).toEqual({ id: '7000000000000000007' });
    // An own key like any other, never the object's prototype.
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(Object.hasOwn(props as object, '__proto__')).toBe(true);
    expect(Object.keys(props as object)).toEqual(['children', 'rows', '__proto__']);
    expect(Object.keys(element(root, '.body-layer'))).not.toContain(FIXTURE_PROPS_KEY);
  });

  it('restores checkboxes: inputs checked, other elements with role and aria-checked', () => {
    const { root } = loadLayoutFixture(SMALL_FIXTURE);
    const input = root.querySelector('input');
    expect(input?.type).toBe('checkbox');
    expect(input?.checked).toBe(true);
    expect(root.querySelectorAll('input[type="checkbox"]:checked')).toHaveLength(1);
    const span = element(root, '.fake-checkbox');
    expect(span.getAttribute('role')).toBe('checkbox');
    expect(span.getAttribute('aria-checked')).toBe('false');
  });

  it('sizes the window like the captured viewport', () => {
    loadLayoutFixture(SMALL_FIXTURE);
    expect([window.innerWidth, window.innerHeight]).toEqual([1366, 768]);
  });

  it('lists the entities and the expected rows with synthetic ids', () => {
    const loaded = loadLayoutFixture(SMALL_FIXTURE);
    expect(loaded.level).toBe('adgroup');
    expect(loaded.entities).toEqual([
      { id: '7000000000000000003', name: 'Name 3' },
      { id: '7000000000000000007', name: 'Name 7' },
    ]);
    expect(loaded.expected).toEqual([
      { top: 100, bottom: 148, token: 'ID_3', id: '7000000000000000003' },
      { top: 148, bottom: 196, token: 'ID_7', id: '7000000000000000007' },
    ]);
  });

  it('appends to another parent when given one', () => {
    const host = document.createElement('section');
    document.body.append(host);
    const { root } = loadLayoutFixture(SMALL_FIXTURE, host);
    expect(root.parentElement).toBe(host);
  });

  it('refuses props paths that contradict each other', () => {
    const nodes = structuredClone(SMALL.nodes);
    nodes[2]?.props.push({ path: ['children', 'props'], token: 'ID_3' });
    expect(() => loadLayoutFixture({ ...SMALL_FIXTURE, sample: sample(nodes) })).toThrow(
      'Conflicting props paths at node 2, props path children.props.',
    );
  });

  it('refuses an expected row whose id the sample never shows', () => {
    const fixture = structuredClone(SMALL_FIXTURE);
    const [row] = fixture.expected.rows;
    if (row) row.token = 'ID_4';
    expect(() => loadLayoutFixture(fixture)).toThrow(/ID_4 appears nowhere in the sample's nodes/);
  });
});

describe('fixtureFromSample', () => {
  it("starts the expected rows from the extension's own reading", () => {
    expect(fixtureFromSample(SMALL).expected).toEqual({
      level: 'adgroup',
      rows: [
        { top: 100, bottom: 148, token: 'ID_3' },
        { top: 148, bottom: 196, token: null },
      ],
    });
  });
});

/** Depth of every key path in `value` that ends at one of `ids`. */
function idDepths(value: unknown, ids: ReadonlySet<string>, depth = 0): number[] {
  if (typeof value === 'string') return ids.has(value) ? [depth] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap((child) => idDepths(child, ids, depth + 1));
}

describe('every fixture in test/fixtures/ads-manager', () => {
  const fixtures = readLayoutFixtures();

  it('includes the hand-written grid', () => {
    expect(fixtures.map((f) => f.name)).toContain('handmade-grid');
  });

  it.each(fixtures)('$name loads, and its expected ids are in the rebuilt page', ({ fixture }) => {
    const loaded = loadLayoutFixture(fixture);
    expect(loaded.root.querySelectorAll('*')).toHaveLength(fixture.sample.nodes.length - 1);
    const ids = new Set(loaded.expected.flatMap((row) => (row.id === null ? [] : [row.id])));
    const found = new Set<string>();
    for (const el of [loaded.root, ...loaded.root.querySelectorAll('*')]) {
      const props = (el as unknown as Record<string, unknown>)[FIXTURE_PROPS_KEY];
      const texts = [
        el.textContent ?? '',
        ...el.getAttributeNames().map((n) => el.getAttribute(n)),
      ];
      for (const id of ids) {
        if (idDepths(props, new Set([id])).length > 0 || texts.some((t) => t?.includes(id))) {
          found.add(id);
        }
      }
    }
    expect([...found].sort()).toEqual([...ids].sort());
  });

  it('handmade-grid: six campaigns, their ids only in props, ten keys deep', () => {
    const entry = fixtures.find((f) => f.name === 'handmade-grid');
    if (!entry) throw new Error('handmade-grid.sample.json is missing.');
    const loaded = loadLayoutFixture(entry.fixture);
    expect(loaded.level).toBe('campaign');
    expect(loaded.expected.map((row) => row.id)).toEqual(
      loaded.entities.map((entity) => entity.id),
    );
    expect(loaded.entities).toHaveLength(6);
    const ids = new Set(loaded.entities.map((entity) => entity.id));
    const depths = new Set<number>();
    for (const el of loaded.root.querySelectorAll('*')) {
      for (const depth of idDepths(
        (el as unknown as Record<string, unknown>)[FIXTURE_PROPS_KEY],
        ids,
      )) {
        depths.add(depth);
      }
      const attributes = el.getAttributeNames().map((name) => el.getAttribute(name) ?? '');
      expect(attributes.some((value) => [...ids].some((id) => value.includes(id)))).toBe(false);
    }
    expect(loaded.root.textContent).not.toMatch(/\d{10}/);
    expect([...depths]).toEqual([10]);
    // The built-in selectors' table does not exist here: discovery must go by structure.
    expect(loaded.root.querySelector('ks-virtual-table, [class*="KsLink"]')).toBeNull();
  });
});
