import { createRoot } from 'react-dom/client';
import { BOOTSTRAP_ELEMENT_ID, type Bootstrap } from '../contract';
import { parseLayout } from '../layout';
import { App } from './app';
import { PageLayoutContext, pageLayout } from './page-layout';
import { installTruthHook } from './truth';

/** Entry point of the Ads Manager replica's browser app (bundled by ../client-bundle.ts). */

// The server served this page only for a valid layout, and in-app navigation keeps it.
const params = new URLSearchParams(window.location.search);
const parsed = parseLayout(
  params.get('layout') ?? undefined,
  params.get('variant') === 'unmappable',
);
if (!parsed.ok) throw new Error(parsed.message);
const layout = pageLayout(parsed.layout);

// Ads Manager's table host is a custom element with no behaviour of its own (`grid`: a div).
if (!parsed.layout.has('grid') && !customElements.get(layout.names.table)) {
  customElements.define(layout.names.table, class extends HTMLElement {});
}

installTruthHook();

const bootstrapText = document.getElementById(BOOTSTRAP_ELEMENT_ID)?.textContent;
const root = document.getElementById('root');
if (!bootstrapText || !root) {
  throw new Error('The Ads Manager replica page is missing its bootstrap data or root element.');
}
createRoot(root).render(
  <PageLayoutContext.Provider value={layout}>
    <App bootstrap={JSON.parse(bootstrapText) as Bootstrap} />
  </PageLayoutContext.Provider>,
);
