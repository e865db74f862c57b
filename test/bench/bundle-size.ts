/**
 * Built size of each extension bundle, raw and gzipped, counting every file an entrypoint
 * loads (its script, the chunks it imports, its stylesheets). Run after a build:
 *
 *   npm run build:extension && npm run bench:bundle
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(resolve(process.env.WXT_OUT_DIR ?? '.output'), 'chrome-mv3');
if (!existsSync(root)) {
  console.error(`No build at ${root}; run npm run build:extension first.`);
  process.exit(1);
}

/** Files a file pulls in: imports in scripts, scripts and stylesheets in pages. */
function dependencies(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  const patterns = file.endsWith('.html')
    ? [/<script[^>]+src="([^"]+)"/g, /<link[^>]+href="([^"]+\.css)"/g]
    : [/(?:from|import)\s*\(?\s*["']([^"']+\.(?:js|css))["']/g];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const reference = match[1] ?? '';
      const target = reference.startsWith('/')
        ? join(root, reference)
        : normalize(join(dirname(file), reference));
      if (existsSync(target)) found.add(target);
    }
  }
  return [...found];
}

function closure(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...dependencies(file));
  }
  return [...seen];
}

const entries = [
  ['background', join(root, 'background.js')],
  ...readdirSync(root)
    .filter((name) => name.endsWith('.html'))
    .map((name) => [name.replace('.html', ''), join(root, name)] as const),
  ...(existsSync(join(root, 'content-scripts'))
    ? readdirSync(join(root, 'content-scripts'))
        .filter((name) => name.endsWith('.js'))
        .map(
          (name) =>
            [`content: ${name.replace('.js', '')}`, join(root, 'content-scripts', name)] as const,
        )
    : []),
] as const;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
console.info(
  `\n  bundle sizes of ${relative(process.cwd(), root)} (each with every file it loads)\n`,
);
console.info(`  ${'bundle'.padEnd(22)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}  files`);
for (const [name, file] of entries) {
  const files = closure(file);
  let raw = 0;
  let gzip = 0;
  for (const part of files) {
    const content = readFileSync(part);
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  console.info(
    `  ${name.padEnd(22)} ${kb(raw).padStart(10)} ${kb(gzip).padStart(10)}  ${files.map((f) => relative(root, f)).join(', ')}`,
  );
}
console.info('');
