import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { mountShadowRootUi } from './shadow-root-ui';

/** The overlay's shadow root: its stylesheet inside, the rules a shadow root ignores outside. */

const CSS = `:root{--bayme:1}
@property --tw-shadow{syntax:"*";inherits:false}
.badge{color:red}`;

function fakeContext() {
  const invalidated: Array<() => void> = [];
  const ctx = { onInvalidated: (callback: () => void) => invalidated.push(callback) };
  return {
    ctx: ctx as unknown as ContentScriptContext,
    end: () => {
      for (const callback of invalidated) callback();
    },
  };
}

describe('mountShadowRootUi', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    fakeBrowser.reset();
    document.body.replaceChildren();
    document.head.replaceChildren();
  });

  it('mounts in an open shadow root with the entrypoint’s stylesheet, and removes it all at the end', async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return new Response(CSS);
    });
    const { ctx, end } = fakeContext();
    const onRemove = vi.fn();
    await mountShadowRootUi(ctx, {
      name: 'bayme-ads-toolkit',
      entrypoint: 'ads-manager',
      onMount(container, host) {
        container.append('overlay');
        return host;
      },
      onRemove,
    });
    expect(fetched).toEqual([expect.stringMatching(/\/content-scripts\/ads-manager\.css$/)]);
    const host = document.body.lastElementChild as HTMLElement;
    expect(host.tagName).toBe('BAYME-ADS-TOOLKIT');
    const shadowStyle = host.shadowRoot?.querySelector('html > head > style')?.textContent ?? '';
    expect(shadowStyle).toContain(':host{all:initial !important;}');
    expect(shadowStyle).toContain(':host{--bayme:1}');
    expect(shadowStyle).toContain('.badge{color:red}');
    expect(shadowStyle).not.toContain('@property');
    expect(host.shadowRoot?.querySelector('html > body')?.textContent).toBe('overlay');
    const documentStyle = document.head.querySelector('style')?.textContent ?? '';
    expect(documentStyle).toBe('@property --tw-shadow{syntax:"*";inherits:false}');

    end();
    expect(onRemove).toHaveBeenCalledWith(host);
    expect(host.isConnected).toBe(false);
    expect(document.head.querySelector('style')).toBeNull();
  });

  it('still mounts, unstyled, when its stylesheet cannot be loaded', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { ctx } = fakeContext();
    await mountShadowRootUi(ctx, {
      name: 'bayme-ads-toolkit',
      entrypoint: 'ads-manager',
      onMount: (container) => container,
      onRemove: () => undefined,
    });
    const host = document.body.lastElementChild as HTMLElement;
    expect(host.shadowRoot?.querySelector('style')?.textContent).toBe(
      ':host{all:initial !important;}\n',
    );
    expect(document.head.querySelector('style')).toBeNull();
    expect(console.warn).toHaveBeenCalledOnce();
  });
});
