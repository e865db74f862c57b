import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResourceCache, ResourceCacheProvider, useResource } from './resource-cache';

function Show(props: { id: string; fetcher: () => Promise<string>; enabled?: boolean }) {
  const resource = useResource(['thing', props.id], props.fetcher, {
    freshForMs: 60_000,
    enabled: props.enabled ?? true,
  });
  return (
    <span data-testid={`show-${props.id}`}>
      {resource.isPending
        ? 'pending'
        : resource.isError
          ? `error: ${String(resource.error)}`
          : resource.data}
    </span>
  );
}

afterEach(cleanup);

describe('useResource', () => {
  it('shares one request between every component asking for the same key', async () => {
    const fetcher = vi.fn(async () => 'figures');
    const cache = new ResourceCache();
    render(
      <ResourceCacheProvider cache={cache}>
        <Show id="a" fetcher={fetcher} />
        <Show id="a" fetcher={fetcher} />
      </ResourceCacheProvider>,
    );
    await waitFor(() => expect(screen.getAllByText('figures')).toHaveLength(2));
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('waits while disabled, retries once, then shows the error', async () => {
    const fetcher = vi.fn(async (): Promise<string> => {
      throw new Error('down');
    });
    const cache = new ResourceCache(1);
    const { rerender } = render(
      <ResourceCacheProvider cache={cache}>
        <Show id="b" fetcher={fetcher} enabled={false} />
      </ResourceCacheProvider>,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetcher).not.toHaveBeenCalled();
    rerender(
      <ResourceCacheProvider cache={cache}>
        <Show id="b" fetcher={fetcher} />
      </ResourceCacheProvider>,
    );
    await waitFor(() =>
      expect(screen.getByTestId('show-b').textContent).toBe('error: Error: down'),
    );
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('fetches again what is shown when its key prefix is invalidated, and not while fresh', async () => {
    let version = 1;
    const fetcher = vi.fn(async () => `v${version}`);
    const cache = new ResourceCache();
    render(
      <ResourceCacheProvider cache={cache}>
        <Show id="c" fetcher={fetcher} />
      </ResourceCacheProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('show-c').textContent).toBe('v1'));
    version = 2;
    cache.invalidate(['other']);
    cache.invalidate(['thing', 'cc']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetcher).toHaveBeenCalledTimes(1);
    await act(async () => cache.invalidate(['thing']));
    await waitFor(() => expect(screen.getByTestId('show-c').textContent).toBe('v2'));
  });
});
