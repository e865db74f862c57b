import type { ColumnKey } from './client/columns';

/**
 * Every class name, custom element name and element id the replica's page uses, standard and
 * renamed (the `renamed` layout flag). The renamed set copies what component-library upgrades
 * and CSS modules produce: other prefixes, hashed suffixes, none of `ks-`, `KsLink`, `vt-` or
 * `cl-`. The server rewrites its stylesheet with the same table, so both always agree.
 */

export interface PageNames {
  topbar: string;
  logo: string;
  logoMark: string;
  account: string;
  main: string;
  toolbar: string;
  tabs: string;
  tab: string;
  range: string;
  /** Element ids of the date inputs. */
  rangeStart: string;
  rangeEnd: string;
  rangeError: string;
  button: string;
  buttonPrimary: string;
  filter: string;
  card: string;
  message: string;
  messageError: string;
  skeleton: string;
  skeletonRow: string;
  skeletonBar: string;
  /** A @keyframes name. */
  shimmer: string;
  footer: string;
  /** The custom element hosting the table, also its class. */
  table: string;
  header: string;
  headerPane: string;
  numeric: string;
  viewport: string;
  body: string;
  pane: string;
  paneFixed: string;
  paneMain: string;
  row: string;
  cell: string;
  cellOf: Record<ColumnKey, string>;
  totalCell: string;
  clipWidth: string;
  clipOverflow: string;
  checkbox: string;
  checkboxBox: string;
  link: string;
  linkInherit: string;
  nameText: string;
  status: string;
  switch: string;
  switchOn: string;
  budgetMode: string;
  scrollbar: string;
  scrollbarThumb: string;
}

export const STANDARD_NAMES: PageNames = {
  topbar: 'am-topbar',
  logo: 'am-logo',
  logoMark: 'am-logo-mark',
  account: 'am-account',
  main: 'am-main',
  toolbar: 'am-toolbar',
  tabs: 'am-tabs',
  tab: 'am-tab',
  range: 'am-range',
  rangeStart: 'am-range-start',
  rangeEnd: 'am-range-end',
  rangeError: 'am-range-error',
  button: 'am-button',
  buttonPrimary: 'am-button--primary',
  filter: 'am-filter',
  card: 'am-card',
  message: 'am-message',
  messageError: 'am-message--error',
  skeleton: 'am-skeleton',
  skeletonRow: 'am-skeleton-row',
  skeletonBar: 'am-skeleton-bar',
  shimmer: 'am-shimmer',
  footer: 'am-footer',
  table: 'ks-virtual-table',
  header: 'ks-vt-header',
  headerPane: 'ks-vt-header-pane',
  numeric: 'am-numeric',
  viewport: 'ks-vt-viewport',
  body: 'ks-vt-body',
  pane: 'ks-vt-pane',
  paneFixed: 'ks-vt-pane--fixed',
  paneMain: 'ks-vt-pane--main',
  row: 'ks-vt-row',
  cell: 'ks-vt-cell',
  cellOf: {
    checkbox: 'ks-vt-cell--checkbox',
    name: 'ks-vt-cell--name',
    status: 'ks-vt-cell--status',
    budget: 'ks-vt-cell--budget',
    spend: 'ks-vt-cell--spend',
    impressions: 'ks-vt-cell--impressions',
    clicks: 'ks-vt-cell--clicks',
    conversions: 'ks-vt-cell--conversions',
  },
  totalCell: 'ks-vt-cell--total',
  clipWidth: 'cl-w-full',
  clipOverflow: 'cl-overflow-hidden',
  checkbox: 'ks-checkbox',
  checkboxBox: 'ks-checkbox-box',
  link: 'KsLink',
  linkInherit: 'KsLink--inherit',
  nameText: 'name-text',
  status: 'am-status',
  switch: 'am-switch',
  switchOn: 'am-switch--on',
  budgetMode: 'am-budget-mode',
  scrollbar: 'ks-vt-scrollbar',
  scrollbarThumb: 'ks-vt-scrollbar-thumb',
};

export const RENAMED_NAMES: PageNames = {
  topbar: 'Header_bar__f3k9d',
  logo: 'Header_logo__a81mc',
  logoMark: 'Header_mark__q2w7e',
  account: 'Header_account__z5x1v',
  main: 'Layout_main__p0o9i',
  toolbar: 'Toolbar_root__u7y6t',
  tabs: 'TuxTabs',
  tab: 'TuxTabs-item',
  range: 'DateRange_root__r4e3w',
  rangeStart: 'date-range-from',
  rangeEnd: 'date-range-to',
  rangeError: 'DateRange_error__l2k1j',
  button: 'TuxButton',
  buttonPrimary: 'TuxButton--primary',
  filter: 'FilterTag_root__h8g7f',
  card: 'Card_root__d6s5a',
  message: 'Empty_text__m3n2b',
  messageError: 'Empty_error__v9c8x',
  skeleton: 'Skeleton_root__t1y2u',
  skeletonRow: 'Skeleton_row__i3o4p',
  skeletonBar: 'Skeleton_bar__k5l6z',
  shimmer: 'Skeleton_pulse__x7c8v',
  footer: 'Footer_root__b9n0m',
  table: 'tux-grid',
  header: 'thead_j2h7s',
  headerPane: 'thead-pane_p4d1a',
  numeric: 'align-end_7k3qe',
  viewport: 'scroller_w0e8r',
  body: 'canvas_n5b6m',
  pane: 'pane_g3f2d',
  paneFixed: 'pane--frozen_c1v0z',
  paneMain: 'pane--main_y6u5t',
  row: 'row_h2k8d',
  cell: 'cell_x9f2a',
  cellOf: {
    checkbox: 'col-select_4r7t',
    name: 'col-title_8e2w',
    status: 'col-state_1q5z',
    budget: 'col-budget_6y3u',
    spend: 'col-cost_0p9o',
    impressions: 'col-imp_2s4d',
    clicks: 'col-clk_7f1g',
    conversions: 'col-conv_3h6j',
  },
  totalCell: 'summary_a2s3d',
  clipWidth: 'fill_k9l0z',
  clipOverflow: 'ellipsis_x1c2v',
  checkbox: 'TuxCheckbox',
  checkboxBox: 'TuxCheckbox-box',
  link: 'TuxAnchor',
  linkInherit: 'TuxAnchor--primary',
  nameText: 'TuxText--link',
  status: 'state_b4n5m',
  switch: 'TuxSwitch',
  switchOn: 'TuxSwitch--checked',
  budgetMode: 'budget-type_q6w7e',
  scrollbar: 'track_r8t9y',
  scrollbarThumb: 'thumb_u0i1o',
};

const RENAMES = new Map<string, string>();
for (const key of Object.keys(STANDARD_NAMES) as Array<keyof PageNames>) {
  const from = STANDARD_NAMES[key];
  const to = RENAMED_NAMES[key];
  if (typeof from === 'string' && typeof to === 'string') {
    RENAMES.set(from, to);
  } else if (typeof from === 'object' && typeof to === 'object') {
    for (const column of Object.keys(from) as ColumnKey[]) RENAMES.set(from[column], to[column]);
  }
}

/**
 * CSS written with the standard names, moved to the renamed ones: each identifier that is a
 * standard name is replaced whole (so `ks-vt-cell--name` never becomes `cell_x9f2a--name`).
 */
export function renameInCss(css: string): string {
  return css.replace(/-?[_a-zA-Z][\w-]*/g, (token) => RENAMES.get(token) ?? token);
}
