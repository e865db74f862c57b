import { BOOTSTRAP_ELEMENT_ID, type Bootstrap, CLIENT_BUNDLE_PATH } from './contract';
import type { Layout, LayoutFlag } from './layout';
import { renameInCss } from './names';

/**
 * The HTML of the replica's pages: a shell that loads the client bundle (as Ads Manager's own
 * page does), and the pages that explain a request the replica cannot serve.
 */

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** JSON inside a <script> element: `<` escaped so that no value can close the element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * One stylesheet for the whole page. System fonts only (no network), TikTok's palette; the
 * table's geometry (positions, sizes, transform) is inline, as in Ads Manager's virtual table.
 */
const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; background: #f5f5f6; color: #161823; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
button, input { font: inherit; color: inherit; }
.am-topbar { display: flex; align-items: center; gap: 16px; height: 52px; padding: 0 20px; background: #000; color: #fff; }
.am-logo { font-size: 16px; font-weight: 700; letter-spacing: .2px; }
.am-logo-mark { color: #25f4ee; text-shadow: 1.5px 1.5px 0 #fe2c55; margin-right: 6px; }
.am-account { margin-left: auto; text-align: right; font-size: 12px; color: #c9c9cd; }
.am-account strong { display: block; color: #fff; font-size: 13px; }
.am-main { padding: 16px 20px 32px; }
.am-toolbar { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; margin-bottom: 12px; }
.am-tabs { display: flex; background: #fff; border: 1px solid #e3e3e4; border-radius: 6px; overflow: hidden; }
.am-tab { border: 0; border-right: 1px solid #e3e3e4; background: transparent; padding: 8px 18px; cursor: pointer; font-weight: 500; }
.am-tab:last-child { border-right: 0; }
.am-tab[aria-selected="true"] { background: #fff0f3; color: #fe2c55; font-weight: 600; }
.am-range { display: flex; align-items: center; gap: 8px; margin-left: auto; }
.am-range label { color: #57585f; font-size: 12px; }
.am-range input { height: 32px; padding: 0 8px; border: 1px solid #d0d0d3; border-radius: 4px; background: #fff; }
.am-button { height: 32px; padding: 0 14px; border: 1px solid #d0d0d3; border-radius: 4px; background: #fff; cursor: pointer; }
.am-button--primary { background: #fe2c55; border-color: #fe2c55; color: #fff; font-weight: 600; }
.am-range-error { color: #d0021b; font-size: 12px; }
.am-filter { display: inline-flex; align-items: center; gap: 8px; margin-bottom: 12px; padding: 4px 6px 4px 10px; border-radius: 14px; background: #e8f7f7; color: #0b6b6a; }
.am-filter button { border: 0; background: transparent; cursor: pointer; font-size: 14px; line-height: 1; }
.am-card { display: inline-block; background: #fff; border: 1px solid #e3e3e4; border-radius: 8px; padding: 8px; }
.am-message { padding: 24px; color: #57585f; }
.am-message--error { color: #d0021b; }
.am-skeleton { width: 1180px; }
.am-skeleton-row { height: 48px; border-bottom: 1px solid #f1f1f2; display: flex; align-items: center; gap: 24px; padding: 0 16px; }
.am-skeleton-bar { height: 12px; border-radius: 6px; background: linear-gradient(90deg, #ececee, #f7f7f8, #ececee); background-size: 200% 100%; animation: am-shimmer 1.2s infinite linear; }
@keyframes am-shimmer { from { background-position: 200% 0; } to { background-position: -200% 0; } }
ks-virtual-table { display: block; position: relative; }
.ks-vt-header { display: flex; height: 40px; background: #fafafa; border-bottom: 1px solid #e3e3e4; color: #57585f; font-weight: 600; font-size: 12px; }
.ks-vt-header > div { display: flex; align-items: center; padding: 0 12px; white-space: nowrap; }
.ks-vt-cell { display: flex; align-items: center; padding: 0 12px; border-bottom: 1px solid #f1f1f2; background: #fff; white-space: nowrap; }
.ks-vt-cell .cl-w-full { width: 100%; }
.ks-vt-cell .cl-overflow-hidden { overflow: hidden; text-overflow: ellipsis; }
.ks-vt-cell--spend, .ks-vt-cell--impressions, .ks-vt-cell--clicks, .ks-vt-cell--conversions, .ks-vt-cell--budget { text-align: right; }
.ks-vt-header .am-numeric { justify-content: flex-end; }
.ks-checkbox { display: inline-flex; align-items: center; cursor: pointer; }
.ks-checkbox input { width: 16px; height: 16px; margin: 0; accent-color: #fe2c55; cursor: pointer; }
.KsLink { color: #0075db; text-decoration: none; cursor: pointer; }
.KsLink:hover { text-decoration: underline; }
.KsLink--inherit { font-weight: 500; }
.name-text { color: #0075db; font-weight: 500; cursor: pointer; }
.am-status { display: inline-flex; align-items: center; gap: 8px; }
.am-switch { position: relative; width: 28px; height: 16px; border-radius: 8px; background: #c9c9cd; }
.am-switch::after { content: ""; position: absolute; top: 2px; left: 2px; width: 12px; height: 12px; border-radius: 50%; background: #fff; }
.am-switch--on { background: #20c997; }
.am-switch--on::after { left: 14px; }
.am-budget-mode { display: block; color: #8a8b91; font-size: 11px; }
.ks-vt-scrollbar { position: absolute; right: 0; top: 40px; width: 10px; background: #f1f1f2; border-radius: 5px; }
.ks-vt-scrollbar-thumb { position: absolute; left: 1px; width: 8px; border-radius: 4px; background: #b9b9be; cursor: grab; touch-action: none; }
.ks-vt-scrollbar-thumb:active { background: #8a8b91; cursor: grabbing; }
.am-footer { margin-top: 8px; color: #8a8b91; font-size: 12px; }
`;

/**
 * What some layout flags add to the stylesheet, written with the standard names (renamed with
 * the rest when `renamed` is on). The standard page gets none of it: its saved fixtures and
 * the extension's selector tests depend on its exact markup.
 */
const LAYOUT_STYLE: Partial<Record<LayoutFlag, string>> = {
  grid: `
.ks-virtual-table { display: block; position: relative; }
`,
  'window-scroll': `
.ks-vt-header { position: sticky; top: 0; z-index: 2; }
`,
  dense: `
.ks-vt-cell .am-budget-mode { display: inline; margin-left: 6px; }
`,
  'role-checkbox': `
.ks-checkbox-box { display: inline-block; position: relative; width: 16px; height: 16px; border: 1px solid #8a8b91; border-radius: 3px; background: #fff; cursor: pointer; }
.ks-checkbox-box[aria-checked="true"], .ks-checkbox-box[aria-checked="mixed"] { background: #fe2c55; border-color: #fe2c55; }
.ks-checkbox-box[aria-checked="true"]::after { content: ""; position: absolute; left: 4px; top: 1px; width: 5px; height: 9px; border: solid #fff; border-width: 0 2px 2px 0; transform: rotate(45deg); }
.ks-checkbox-box[aria-checked="mixed"]::after { content: ""; position: absolute; left: 3px; top: 6px; width: 8px; height: 2px; background: #fff; }
.ks-checkbox-box:focus-visible { outline: 2px solid #0075db; outline-offset: 1px; }
`,
  'fixed-columns': `
.ks-vt-header > .ks-vt-header-pane { padding: 0; overflow: hidden; align-items: stretch; flex: none; }
.ks-vt-header-pane > div { display: flex; }
.ks-vt-header-pane > div > div { display: flex; align-items: center; padding: 0 12px; white-space: nowrap; flex: none; }
.ks-vt-pane--fixed { box-shadow: 4px 0 6px -4px rgba(0, 0, 0, .18); z-index: 1; }
`,
  'total-row': `
.ks-vt-cell--total { background: #fafafa; font-weight: 600; }
`,
};

export function pageShell(bootstrap: Bootstrap, layout: Layout = new Set()): string {
  const rename = layout.has('renamed') ? renameInCss : (css: string) => css;
  const extra = [...layout].map((flag) => LAYOUT_STYLE[flag] ?? '').join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TikTok Ads Manager</title>
<link rel="icon" href="data:,">
<style>${rename(STYLE)}</style>${extra ? `\n<style>${rename(extra)}</style>` : ''}
</head>
<body>
<div id="root"></div>
<script type="application/json" id="${BOOTSTRAP_ELEMENT_ID}">${scriptJson(bootstrap)}</script>
<script type="module" src="${CLIENT_BUNDLE_PATH}"></script>
</body>
</html>
`;
}

export interface AccountLink {
  name: string;
  href: string;
}

/** A request the replica cannot serve, with what to do about it (and, for a demo, the accounts). */
export function problemPage(title: string, detail: string, accounts: AccountLink[]): string {
  const list = accounts.length
    ? `<p>Ad accounts on this emulator:</p><ul>${accounts
        .map((a) => `<li><a href="${escapeHtml(a.href)}">${escapeHtml(a.name)}</a></li>`)
        .join('')}</ul>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} · TikTok Ads Manager</title>
<style>${STYLE}</style>
</head>
<body>
<header class="am-topbar"><span class="am-logo"><span class="am-logo-mark">♪</span>TikTok Ads Manager</span></header>
<main class="am-main"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>${list}</main>
</body>
</html>
`;
}
