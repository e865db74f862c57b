import { afterEach, describe, expect, it, vi } from 'vitest';
import { RowTracker } from './row-tracker';

async function frames(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  }
}

describe('RowTracker', () => {
  let tracker: RowTracker | null = null;
  afterEach(() => {
    tracker?.stop();
    tracker = null;
    document.body.innerHTML = '';
  });

  it('reads on start, then goes idle after a run of still frames', async () => {
    const onFrame = vi.fn(() => false);
    tracker = new RowTracker(onFrame);
    tracker.start();
    await frames(20);
    const reads = onFrame.mock.calls.length;
    expect(reads).toBeGreaterThanOrEqual(12);
    await frames(10);
    expect(onFrame.mock.calls.length).toBe(reads);
  });

  it('keeps reading while the rows keep changing', async () => {
    let changes = 30;
    const onFrame = vi.fn(() => changes-- > 0);
    tracker = new RowTracker(onFrame);
    tracker.start();
    await frames(50);
    expect(onFrame.mock.calls.length).toBeGreaterThanOrEqual(42);
  });

  it.each([
    ['a DOM change', () => document.body.append(document.createElement('div'))],
    ['a style change', () => document.body.setAttribute('style', 'margin: 1px')],
    ['a scroll of any element', () => document.body.dispatchEvent(new Event('scroll'))],
    ['a wheel', () => window.dispatchEvent(new WheelEvent('wheel'))],
    ['a resize', () => window.dispatchEvent(new Event('resize'))],
  ])('wakes on %s', async (_label, act) => {
    const onFrame = vi.fn(() => false);
    tracker = new RowTracker(onFrame);
    tracker.start();
    await frames(20);
    const idle = onFrame.mock.calls.length;
    act();
    await frames(3);
    expect(onFrame.mock.calls.length).toBeGreaterThan(idle);
  });

  it('does not listen to wheel steps while awake: it reads every frame anyway', async () => {
    const onFrame = vi.fn(() => false);
    tracker = new RowTracker(onFrame);
    tracker.start();
    await frames(5);
    // Heard, a wheel step would restart its twelve still frames (17 reads in all).
    window.dispatchEvent(new WheelEvent('wheel'));
    await frames(20);
    expect(onFrame.mock.calls.length).toBeLessThanOrEqual(13);
    // Asleep, it hears the next one.
    const asleep = onFrame.mock.calls.length;
    window.dispatchEvent(new WheelEvent('wheel'));
    await frames(3);
    expect(onFrame.mock.calls.length).toBeGreaterThan(asleep);
  });

  it('always hears a click, even one made while it was awake', async () => {
    const onFrame = vi.fn(() => false);
    tracker = new RowTracker(onFrame);
    tracker.start();
    await frames(5);
    const before = onFrame.mock.calls.length;
    // Awake: a click resets its still frames, so it reads on past the usual twelve.
    window.dispatchEvent(new MouseEvent('click'));
    await frames(10);
    expect(onFrame.mock.calls.length).toBeGreaterThanOrEqual(before + 10);
  });

  it("looks for the page's shadow roots when the page is idle, not in a frame", async () => {
    const walks = vi.spyOn(document, 'createTreeWalker');
    let walkedBeforeFirstRead: boolean | null = null;
    const onFrame = vi.fn(() => {
      walkedBeforeFirstRead ??= walks.mock.calls.length > 0;
      return false;
    });
    tracker = new RowTracker(onFrame);
    tracker.start();
    await frames(2);
    expect(walkedBeforeFirstRead).toBe(false);
    await vi.waitFor(() => expect(walks).toHaveBeenCalled());
    walks.mockRestore();
  });

  it('does not look for them while it stays awake, however long', async () => {
    const walks = vi.spyOn(document, 'createTreeWalker');
    tracker = new RowTracker(() => true);
    tracker.start();
    const started = performance.now();
    while (performance.now() - started < 1_200) await frames(5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(walks).not.toHaveBeenCalled();
    walks.mockRestore();
  });

  it.each([
    [
      'a scroll inside it',
      (inner: HTMLElement) => inner.dispatchEvent(new Event('scroll', { bubbles: false })),
    ],
    ['a DOM change inside it', (inner: HTMLElement) => inner.append(document.createElement('div'))],
  ])("wakes on %s, once it found the page's shadow root", async (_label, act) => {
    const host = document.createElement('div');
    document.body.append(host);
    const inner = document.createElement('div');
    host.attachShadow({ mode: 'open' }).append(inner);
    const onFrame = vi.fn(() => false);
    tracker = new RowTracker(onFrame);
    tracker.start();
    // Asleep after its still frames, with the root found meanwhile (an idle callback).
    await frames(20);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const asleep = onFrame.mock.calls.length;
    await frames(3);
    expect(onFrame.mock.calls.length).toBe(asleep);
    act(inner);
    await frames(3);
    expect(onFrame.mock.calls.length).toBeGreaterThan(asleep);
  });

  it('stops for good when stopped', async () => {
    const onFrame = vi.fn(() => true);
    tracker = new RowTracker(onFrame);
    tracker.start();
    await frames(3);
    tracker.stop();
    const reads = onFrame.mock.calls.length;
    document.body.append(document.createElement('div'));
    await frames(5);
    expect(onFrame.mock.calls.length).toBe(reads);
  });
});
