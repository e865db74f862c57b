import { describe, expect, it } from 'vitest';
import { decodeRunLogCursor, encodeRunLogCursor } from './run-log-cursor';

describe('run log cursor', () => {
  it('decodes what it encoded, as URL-safe text', () => {
    const cursor = { evaluatedAt: '2026-12-06T10:15:00.123Z', id: 4_812 };
    const text = encodeRunLogCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeRunLogCursor(text)).toEqual(cursor);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/=='],
    ['not JSON', Buffer.from('2026-12-06|12').toString('base64url')],
    ['an object', Buffer.from('{"at":"2026-12-06T10:15:00.123Z","id":1}').toString('base64url')],
    ['a local time', Buffer.from('["2026-12-06T10:15:00.123+01:00",1]').toString('base64url')],
    ['a date that is none', Buffer.from('["2026-13-45T10:15:00.123Z",1]').toString('base64url')],
    ['an id as text', Buffer.from('["2026-12-06T10:15:00.123Z","1"]').toString('base64url')],
    ['a fractional id', Buffer.from('["2026-12-06T10:15:00.123Z",1.5]').toString('base64url')],
    ['a negative id', Buffer.from('["2026-12-06T10:15:00.123Z",-3]').toString('base64url')],
    ['too long', 'A'.repeat(201)],
  ])('refuses %s', (_, text) => {
    expect(decodeRunLogCursor(text)).toBeNull();
  });
});
