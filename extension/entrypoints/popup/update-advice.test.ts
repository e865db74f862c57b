import { describe, expect, it } from 'vitest';
import { updateAdvice } from './update-advice';

describe('updateAdvice', () => {
  it('tells a copy installed by policy that Chrome updates it, and how to update now', () => {
    const advice = updateAdvice('admin');
    expect(advice).toContain("Your company's Chrome policy manages this extension");
    expect(advice).toContain('press Update');
    expect(advice).not.toContain('unzip');
  });

  it('tells a copy installed from the package by hand that Chrome updates it too', () => {
    expect(updateAdvice('normal')).toMatch(/^Chrome installs the update by itself/);
  });

  it('tells an unpacked copy to replace its folder and reload', () => {
    const advice = updateAdvice('development');
    expect(advice).toContain('Chrome does not update it');
    expect(advice).toContain('unzip it over the folder');
    expect(advice).toContain('reload arrow');
  });

  it.each([['sideload'], ['other'], [null]])('sends %s to the install page', (installType) => {
    expect(updateAdvice(installType)).toBe('Install the new version from the install page.');
  });
});
