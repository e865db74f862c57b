import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_PREFERENCES,
  DEFAULT_SERVER_URL,
  getPreferences,
  getServerUrl,
  getStaffKey,
  setPreferences,
  setServerUrl,
  setStaffKey,
} from './settings';

const KEY = `bayme_0123456789ab_${'A'.repeat(43)}`;

describe('extension settings', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('uses the build-time server until another is saved, and stores only its origin', async () => {
    expect(await getServerUrl()).toBe(DEFAULT_SERVER_URL);
    expect(await setServerUrl('https://ads-tools.bayme.internal/some/path')).toBe(
      'https://ads-tools.bayme.internal',
    );
    expect(await getServerUrl()).toBe('https://ads-tools.bayme.internal');
    expect(await setServerUrl(null)).toBe(DEFAULT_SERVER_URL);
    expect(await getServerUrl()).toBe(DEFAULT_SERVER_URL);
  });

  it('refuses addresses that are not http(s) URLs', async () => {
    await expect(setServerUrl('ftp://example.com')).rejects.toThrow();
    await expect(setServerUrl('not a url')).rejects.toThrow();
    expect(await getServerUrl()).toBe(DEFAULT_SERVER_URL);
  });

  it('falls back to the default when the stored address is damaged', async () => {
    await fakeBrowser.storage.local.set({ serverUrl: 'javascript:alert(1)' });
    expect(await getServerUrl()).toBe(DEFAULT_SERVER_URL);
  });

  it('keeps a staff key, and ignores a stored value that is not one', async () => {
    expect(await getStaffKey()).toBeNull();
    await setStaffKey(KEY);
    expect(await getStaffKey()).toBe(KEY);
    await fakeBrowser.storage.local.set({ staffKey: 'garbage' });
    expect(await getStaffKey()).toBeNull();
  });

  it('validates preferences on write, and falls back to defaults on damaged ones', async () => {
    expect(await getPreferences()).toEqual(DEFAULT_PREFERENCES);
    await setPreferences({ defaultDateRange: 'yesterday', overlayMetrics: ['spend', 'roas'] });
    expect(await getPreferences()).toEqual({
      defaultDateRange: 'yesterday',
      overlayMetrics: ['spend', 'roas'],
    });
    await expect(
      setPreferences({ defaultDateRange: 'yesterday', overlayMetrics: [] }),
    ).rejects.toThrow();
    await fakeBrowser.storage.local.set({ preferences: { defaultDateRange: 'forever' } });
    expect(await getPreferences()).toEqual(DEFAULT_PREFERENCES);
  });
});
