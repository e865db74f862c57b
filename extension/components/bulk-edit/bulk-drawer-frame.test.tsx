import nodeConsole from 'node:console';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BulkDrawerFrame } from './bulk-drawer-frame';
import { BULK_DRAWER_SOURCE, parseBulkDrawerFragment } from './bulk-drawer-protocol';

/**
 * The drawer's frame in the content script: the iframe gets the rows in its fragment, and of
 * all the messages the page's window receives, only the drawer's own count.
 */

const EXTENSION_ORIGIN = 'chrome-extension://test-extension-id';
const SELECTED = [
  { id: '1800000000000000001', name: 'Spring sale' },
  { id: '1800000000000000002', name: null },
];

function renderFrame() {
  const onClose = vi.fn();
  const onChanged = vi.fn();
  const view = render(
    <BulkDrawerFrame
      advertiserId="7000000000000000001"
      level="campaign"
      currency="USD"
      selected={SELECTED}
      onClose={onClose}
      onChanged={onChanged}
    />,
  );
  const frame = screen.getByTestId('bulk-drawer-frame') as HTMLIFrameElement;
  // happy-dom loads no iframe page, so gives the iframe no window: this stands in for it.
  const drawerWindow = standInWindow();
  Object.defineProperty(frame, 'contentWindow', { value: drawerWindow });
  return { onClose, onChanged, frame, drawerWindow, view };
}

function standInWindow(): Window {
  return Object.create(null) as Window;
}

function post(data: unknown, from: { origin: string; source: MessageEventSource | null }) {
  act(() => {
    window.dispatchEvent(new MessageEvent('message', { data, ...from }));
  });
}

describe('bulk drawer frame', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // happy-dom reports each iframe page it does not load to the console it was given
    // (Node's own, not the test's); nothing else may be reported.
    const report = nodeConsole.error;
    vi.spyOn(nodeConsole, 'error').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes('Iframe page loading is disabled')) report(...args);
    });
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('shows the drawer page on the right, with the rows in its fragment', () => {
    const { frame } = renderFrame();
    const drawer = screen.getByTestId('bulk-drawer');
    expect(drawer.tagName).toBe('ASIDE');
    expect(drawer.className).toContain('w-[440px]');
    expect(drawer.contains(frame)).toBe(true);
    const src = frame.getAttribute('src') ?? '';
    expect(src.startsWith(`${EXTENSION_ORIGIN}/bulk-drawer.html#`)).toBe(true);
    expect(parseBulkDrawerFragment(new URL(src).hash)).toEqual({
      ok: true,
      state: {
        advertiserId: '7000000000000000001',
        level: 'campaign',
        currency: 'USD',
        selected: SELECTED,
      },
    });
  });

  it('moves keyboard focus into the drawer, and back when it closes', () => {
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    const { frame, view } = renderFrame();
    expect(document.activeElement).toBe(frame);
    view.unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });

  it("delivers the drawer's close and changed signals", () => {
    const { drawerWindow, onClose, onChanged } = renderFrame();
    const fromDrawer = { origin: EXTENSION_ORIGIN, source: drawerWindow };
    post({ source: BULK_DRAWER_SOURCE, type: 'changed' }, fromDrawer);
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
    post({ source: BULK_DRAWER_SOURCE, type: 'close' }, fromDrawer);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('ignores the same signals from another origin or another window', () => {
    const { drawerWindow, onClose, onChanged } = renderFrame();
    const close = { source: BULK_DRAWER_SOURCE, type: 'close' };
    // Ads Manager's page posting to itself.
    post(close, { origin: 'https://ads.tiktok.com', source: window });
    // A window of the page's own inside the drawer's iframe has the page's origin, not ours.
    post(close, { origin: 'https://ads.tiktok.com', source: drawerWindow });
    // Another copy of the drawer page (web-accessible), framed by the page itself.
    post(close, { origin: EXTENSION_ORIGIN, source: standInWindow() });
    post(close, { origin: EXTENSION_ORIGIN, source: null });
    expect(onClose).not.toHaveBeenCalled();
    expect(onChanged).not.toHaveBeenCalled();
  });

  it.each([
    ['a string', 'close'],
    ['another source name', { source: 'bayme', type: 'close' }],
    ['an unknown signal', { source: BULK_DRAWER_SOURCE, type: 'apply' }],
    ['no signal', { source: BULK_DRAWER_SOURCE }],
    ['nothing', null],
  ])('ignores a malformed message from the drawer: %s', (_label, data) => {
    const { drawerWindow, onClose, onChanged } = renderFrame();
    post(data, { origin: EXTENSION_ORIGIN, source: drawerWindow });
    expect(onClose).not.toHaveBeenCalled();
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('stops listening once closed', () => {
    const { drawerWindow, onClose, view } = renderFrame();
    view.unmount();
    post(
      { source: BULK_DRAWER_SOURCE, type: 'close' },
      { origin: EXTENSION_ORIGIN, source: drawerWindow },
    );
    expect(onClose).not.toHaveBeenCalled();
  });
});
