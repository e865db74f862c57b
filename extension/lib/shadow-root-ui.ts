import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * A content script's UI in a shadow root, isolated from the page's styles and the page from
 * ours, with the script's own stylesheet (`cssInjectionMode: 'ui'`): what WXT's
 * createShadowRootUi does for an inline UI, without what this script never uses. WXT's
 * version always brings its auto-mount (waiting for an anchor element to come and go), which
 * pulls three packages into the bundle — about 6 kB, 2 kB gzipped, of a content script held
 * to 100 kB.
 *
 * The same structure as WXT's: `<name>` on the body, an open shadow root holding
 * html > head (the stylesheet) + body (the container). Rules a shadow root ignores
 * (`@property`, `@font-face`: Tailwind's variables need the former) go to the document.
 */

/** At-rules that only take effect in the document (WXT's split-shadow-root-css). */
const DOCUMENT_ONLY_RULES = /(\s*@(property|font-face)[\s\S]*?{[\s\S]*?})/gm;

export interface ShadowRootUiOptions<T> {
  /** The host element's name: two words, kebab-case (a custom element name). */
  name: string;
  /** The content script's name: its stylesheet is `content-scripts/<entrypoint>.css`. */
  entrypoint: string;
  onMount(container: HTMLElement, host: HTMLElement): T;
  onRemove(mounted: T): void;
}

/** Mounts the UI at the end of the body; it is removed when the script's context ends. */
export async function mountShadowRootUi<T>(
  ctx: ContentScriptContext,
  options: ShadowRootUiOptions<T>,
): Promise<void> {
  const css = (await loadCss(options.entrypoint)).replaceAll(':root', ':host');
  const host = document.createElement(options.name);
  const shadow = host.attachShadow({ mode: 'open' });
  const html = document.createElement('html');
  const head = document.createElement('head');
  const body = document.createElement('body');
  const style = document.createElement('style');
  // The page's inherited styles stop at the host.
  style.textContent = `:host{all:initial !important;}\n${css.replace(DOCUMENT_ONLY_RULES, '').trim()}`;
  head.append(style);
  html.append(head, body);
  shadow.append(html);

  const documentCss = Array.from(css.matchAll(DOCUMENT_ONLY_RULES), (match) => match[0])
    .join('')
    .trim();
  const documentStyle = documentCss ? document.createElement('style') : null;
  if (documentStyle) {
    documentStyle.textContent = documentCss;
    documentStyle.dataset.baymeShadowDocumentStyles = options.name;
    (document.head ?? document.body).append(documentStyle);
  }
  document.body.append(host);
  const mounted = options.onMount(body, host);
  ctx.onInvalidated(() => {
    options.onRemove(mounted);
    host.remove();
    documentStyle?.remove();
  });
}

async function loadCss(entrypoint: string): Promise<string> {
  // WXT types getURL through a module augmentation (.wxt/types/paths.d.ts) that TypeScript 7
  // does not apply (as bulk-drawer-frame.tsx notes).
  const runtime = browser.runtime as unknown as { getURL(path: string): string };
  const url = runtime.getURL(`/content-scripts/${entrypoint}.css`);
  try {
    return await (await fetch(url)).text();
  } catch (error) {
    // Unstyled overlays still work; the console says why they look wrong.
    console.warn(`Bayme Ads Toolkit: could not load its styles from ${url}.`, error);
    return '';
  }
}
