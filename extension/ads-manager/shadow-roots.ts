/*
 * In a file of its own, apart from the table finder: the isolated content script needs only
 * this, and importing it from table-finder.ts brought the finder's page-world state (its
 * kept places and checkbox candidates, made when the module loads) into that bundle.
 */

/**
 * The open shadow roots of the page (not ours): some component libraries render their
 * tables inside one, out of reach of the document's own queries.
 */
export function openShadowRoots(root: Document, ignore: Element | null): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const walker = root.createTreeWalker(root.body, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node && found.length < 50; node = walker.nextNode()) {
    const shadow = (node as Element).shadowRoot;
    if (shadow && node !== ignore) found.push(shadow, ...nestedShadowRoots(shadow));
  }
  return found;
}

function nestedShadowRoots(shadow: ShadowRoot): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  for (const element of shadow.querySelectorAll('*')) {
    if (element.shadowRoot)
      found.push(element.shadowRoot, ...nestedShadowRoots(element.shadowRoot));
  }
  return found;
}
