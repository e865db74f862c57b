import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from './redact';

describe('redact', () => {
  it('removes every occurrence of the known secrets', () => {
    expect(
      redact('secret=fake-app-secret-123&x=fake-app-secret-123', ['fake-app-secret-123']),
    ).toBe(`secret=${REDACTED}&x=${REDACTED}`);
  });

  it('removes anything shaped like a TikTok token, known or not', () => {
    const token = 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12';
    expect(redact(`Access token ${token} is invalid`, [])).toBe(
      `Access token ${REDACTED} is invalid`,
    );
  });

  it('leaves ids and ordinary text alone', () => {
    const text = 'Campaign 1795055873644827705 does not exist';
    expect(redact(text, ['fake-secret'])).toBe(text);
  });

  it('ignores empty and very short values that would mangle the text', () => {
    expect(redact('a b c', ['', undefined, 'a'])).toBe('a b c');
  });
});
