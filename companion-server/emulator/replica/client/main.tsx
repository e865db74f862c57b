import { createRoot } from 'react-dom/client';
import { BOOTSTRAP_ELEMENT_ID, type Bootstrap } from '../contract';
import { App } from './app';

/** Entry point of the Ads Manager replica's browser app (bundled by ../client-bundle.ts). */

// Ads Manager's table host is a custom element with no behaviour of its own.
if (!customElements.get('ks-virtual-table')) {
  customElements.define('ks-virtual-table', class extends HTMLElement {});
}

const bootstrapText = document.getElementById(BOOTSTRAP_ELEMENT_ID)?.textContent;
const root = document.getElementById('root');
if (!bootstrapText || !root) {
  throw new Error('The Ads Manager replica page is missing its bootstrap data or root element.');
}
createRoot(root).render(<App bootstrap={JSON.parse(bootstrapText) as Bootstrap} />);
