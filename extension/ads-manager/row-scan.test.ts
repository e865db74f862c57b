import { afterEach, describe, expect, it } from 'vitest';
import { findRecord, rowsInListResponse, scanRows } from './row-scan';

const CAMPAIGN = { campaign_id: '1795055873644827705', campaign_name: 'US | Spring launch' };

describe('findRecord', () => {
  it('finds the row record a few levels down in React props', () => {
    const props = {
      children: {
        props: { children: { props: { cellProps: { rowData: { record: CAMPAIGN } } } } },
      },
    };
    expect(findRecord(props, 'campaign')).toEqual({
      id: CAMPAIGN.campaign_id,
      name: CAMPAIGN.campaign_name,
    });
  });

  it('ignores ids of another level, numbers, and records deeper than it searches', () => {
    expect(findRecord({ record: { adgroup_id: '1800000000000000001' } }, 'campaign')).toBeNull();
    // A number cannot hold a 19-digit id exactly (it reads 1795055873644827600).
    const rounded = Number(CAMPAIGN.campaign_id);
    expect(findRecord({ record: { campaign_id: rounded } }, 'campaign')).toBeNull();
    let deep: Record<string, unknown> = { record: CAMPAIGN };
    for (let i = 0; i < 12; i += 1) deep = { child: deep };
    expect(findRecord(deep, 'campaign')).toBeNull();
  });

  it('survives cycles', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(findRecord(loop, 'campaign')).toBeNull();
  });
});

describe('scanRows', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  function cell(top: number, props: unknown, inner: string): HTMLElement {
    const element = document.createElement('div');
    element.className = 'ks-vt-cell ks-vt-cell--name';
    element.style.cssText = `position:absolute; top:${top}px; height:48px`;
    element.innerHTML = inner;
    Object.assign(element, { __reactProps$abc: props });
    return element;
  }

  it('returns the rows with the ids from React props, and says whether a table is there', () => {
    expect(scanRows(document, 'campaign')).toEqual({ table: false, viewport: null, rows: [] });
    const table = document.createElement('ks-virtual-table');
    table.append(
      cell(0, { record: CAMPAIGN }, '<a class="KsLink KsLink--inherit">US | Spring launch</a>'),
      cell(48, {}, '<a class="KsLink KsLink--inherit">No record here</a>'),
    );
    document.body.append(table);
    const scan = scanRows(document, 'campaign');
    expect(scan.table).toBe(true);
    expect(scan.rows.map((row) => [row.id, row.name])).toEqual([
      [CAMPAIGN.campaign_id, CAMPAIGN.campaign_name],
      [null, 'No record here'],
    ]);
  });
});

describe('rowsInListResponse', () => {
  it('reads ids and names from the page’s own list responses, wherever they sit', () => {
    const response = {
      code: 0,
      data: { table: [CAMPAIGN, { campaign_id: 'x', campaign_name: 'bad id' }] },
    };
    expect(rowsInListResponse(response, 'campaign')).toEqual([
      { id: CAMPAIGN.campaign_id, name: CAMPAIGN.campaign_name },
    ]);
    expect(rowsInListResponse(response, 'adgroup')).toEqual([]);
  });
});
