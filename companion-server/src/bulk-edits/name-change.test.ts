import { describe, expect, it } from 'vitest';
import { findPatternProblem, RequestedBulkOperationSchema } from '../contract/bulk-edits';
import { checkNameRules, MAX_NAME_LENGTH, newName } from './name-change';

const FACTS = {
  name: 'US | Broad 18-44 | Q3',
  id: '1840158125589658770',
  date: '2026-11-21',
  budget: '150.00',
};

describe('newName', () => {
  it('replaces plain text literally, every occurrence, optionally ignoring case', () => {
    expect(
      newName({ type: 'replace', find: '|', replace: '/', regex: false, ignoreCase: false }, FACTS),
    ).toBe('US / Broad 18-44 / Q3');
    expect(
      newName(
        { type: 'replace', find: 'q3', replace: '$1', regex: false, ignoreCase: true },
        FACTS,
      ),
    ).toBe('US | Broad 18-44 | $1');
    expect(
      newName(
        { type: 'replace', find: 'q3', replace: 'Q4', regex: false, ignoreCase: false },
        FACTS,
      ),
    ).toBe(FACTS.name);
  });

  it('replaces by regular expression with groups', () => {
    expect(
      newName(
        {
          type: 'replace',
          find: 'Broad (\\d+)-(\\d+)',
          replace: 'Broad $2+$1',
          regex: true,
          ignoreCase: false,
        },
        FACTS,
      ),
    ).toBe('US | Broad 44+18 | Q3');
  });

  it('adds a prefix or a suffix, and fills a template', () => {
    expect(newName({ type: 'prefix', text: 'OLD ' }, FACTS)).toBe('OLD US | Broad 18-44 | Q3');
    expect(newName({ type: 'suffix', text: ' (2)' }, FACTS)).toBe('US | Broad 18-44 | Q3 (2)');
    expect(
      newName({ type: 'template', template: '{date} {name} #{id} {budget} {other}' }, FACTS),
    ).toBe('2026-11-21 US | Broad 18-44 | Q3 #1840158125589658770 150.00 {other}');
  });
});

describe('checkNameRules', () => {
  it('refuses what TikTok refuses: empty, too long, emoji', () => {
    expect(checkNameRules('  ')?.code).toBe('name_refused');
    expect(checkNameRules('a'.repeat(MAX_NAME_LENGTH))).toBeNull();
    expect(checkNameRules('a'.repeat(MAX_NAME_LENGTH + 1))?.code).toBe('name_too_long');
    expect(checkNameRules('Sale 🔥')?.code).toBe('name_refused');
    expect(checkNameRules('Soldes d’été — 50 %')).toBeNull();
  });
});

describe('findPatternProblem (the safe subset of regular expressions)', () => {
  it.each([
    'Q3',
    '^US \\| (\\w+)',
    'Broad (\\d+)-(\\d+)',
    '[a-z]+ \\d{2}',
    '(?:EU|UK) ',
    'a(b|c)?',
    '\\p{L}+ \\u{1F600}?',
  ])('takes %s', (pattern) => expect(findPatternProblem(pattern)).toBeNull());

  it.each([
    ['(a+)+$', /repeated group/],
    ['(a|aa)*b', /repeated group/],
    ['((ab)*c)+', /repeated group/],
    ['(\\w+\\s?)*$', /repeated group/],
    ['(a)\\1', /Backreferences/],
    ['a*b*c*', /two repetitions/],
    ['(unclosed', /Not a valid regular expression/],
    ['a'.repeat(101), /At most 100/],
  ])('refuses %s', (pattern, message) => {
    expect(findPatternProblem(pattern)).toMatch(message);
  });

  it('is what the contract applies to a requested rename', () => {
    const parsed = RequestedBulkOperationSchema.safeParse({
      kind: 'name',
      change: { type: 'replace', find: '(a+)+', replace: '', regex: true, ignoreCase: false },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['change', 'find']);
    // The same text as plain text is fine: it is matched literally.
    expect(
      RequestedBulkOperationSchema.safeParse({
        kind: 'name',
        change: { type: 'replace', find: '(a+)+', replace: '', regex: false, ignoreCase: false },
      }).success,
    ).toBe(true);
  });
});
