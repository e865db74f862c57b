import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicInPieces } from './atomic-file';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atomic-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the file, readable by its owner only, and leaves no temporary file', async () => {
    const file = join(dir, 'state.json');
    await writeFile(file, 'old', { mode: 0o644 });
    await writeFileAtomic(file, '{"budget":"50.00 €"}\n');
    expect(await readFile(file, 'utf8')).toBe('{"budget":"50.00 €"}\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('writes the pieces in turn, all of a large file', async () => {
    const file = join(dir, 'world.json');
    const row = `${'x'.repeat(1_000)}é\n`;
    const pieces = Array.from({ length: 5_000 }, () => row);
    await writeFileAtomicInPieces(file, pieces);
    const written = await readFile(file, 'utf8');
    expect(written.length).toBe(pieces.length * row.length);
    expect(written).toBe(pieces.join(''));
  });

  it('keeps the old file, and no temporary one, when writing fails midway', async () => {
    const file = join(dir, 'world.json');
    await writeFile(file, 'previous world');
    function* failingPieces() {
      yield 'half a ';
      throw new Error('the world changed while it was being written');
    }
    await expect(writeFileAtomicInPieces(file, failingPieces())).rejects.toThrow(
      'the world changed',
    );
    expect(await readFile(file, 'utf8')).toBe('previous world');
    expect(await readdir(dir)).toEqual(['world.json']);
  });
});
