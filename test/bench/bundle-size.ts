/**
 * Built size of each extension bundle, raw and gzipped, counting every file an entrypoint
 * loads (its script, the chunks it imports, its stylesheets). Run after a build:
 *
 *   npm run build:extension && npm run bench:bundle
 *
 * A content script's stylesheet is no import: with `cssInjectionMode: 'ui'` the script
 * fetches `content-scripts/<name>.css` at run time and puts it in its shadow root. It is
 * counted with its script all the same, in "content script total (JS + CSS)", against the
 * budget of 100 kB gzip. The build is also searched for the benchmark-only hooks that must
 * not ship.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const CONTENT_SCRIPT_BUDGET_GZIP = 100 * 1024;
/** The Ads Manager content script (isolated world) the budget is about. */
export const CONTENT_SCRIPT = 'ads-manager';
/** Strings of the benchmark hooks the extension once carried (attributes and dataset keys). */
const BENCHMARK_HOOKS = [
  'data-bayme-frames',
  'baymeFrames',
  'data-bayme-painted-at',
  'baymePaintedAt',
];

export interface BundleSize {
  name: string;
  raw: number;
  gzip: number;
  files: string[];
}

/** Files a file pulls in: imports in scripts, scripts and stylesheets in pages. */
function dependencies(root: string, file: string): string[] {
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

function closure(root: string, entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...dependencies(root, file));
  }
  return [...seen];
}

function sizeOf(root: string, name: string, files: string[]): BundleSize {
  let raw = 0;
  let gzip = 0;
  for (const part of files) {
    const content = readFileSync(part);
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { name, raw, gzip, files: files.map((file) => relative(root, file)) };
}

/** The folder of a build: `<WXT_OUT_DIR or .output>/chrome-mv3`. */
export function buildRoot(outDir = process.env.WXT_OUT_DIR ?? '.output'): string {
  return join(resolve(outDir), 'chrome-mv3');
}

export function bundleSizes(root: string): BundleSize[] {
  const contentDir = join(root, 'content-scripts');
  const contentScripts = existsSync(contentDir)
    ? readdirSync(contentDir)
        .filter((name) => name.endsWith('.js'))
        .map((name) => name.replace(/\.js$/, ''))
    : [];
  return [
    sizeOf(root, 'background', closure(root, join(root, 'background.js'))),
    ...readdirSync(root)
      .filter((name) => name.endsWith('.html'))
      .map((name) => sizeOf(root, name.replace('.html', ''), closure(root, join(root, name)))),
    ...contentScripts.flatMap((name) => {
      const script = closure(root, join(contentDir, `${name}.js`));
      const css = join(contentDir, `${name}.css`);
      const rows = [sizeOf(root, `content: ${name}`, script)];
      if (existsSync(css)) rows.push(sizeOf(root, `content: ${name} CSS`, [css]));
      return rows;
    }),
  ];
}

/** The content script's JS with every chunk it imports, and its stylesheet. */
export function contentScriptTotal(root: string, name = CONTENT_SCRIPT): BundleSize {
  const contentDir = join(root, 'content-scripts');
  const css = join(contentDir, `${name}.css`);
  return sizeOf(root, 'content script total (JS + CSS)', [
    ...closure(root, join(contentDir, `${name}.js`)),
    ...(existsSync(css) ? [css] : []),
  ]);
}

/** Benchmark hooks found in the build's scripts, as "file: string". */
export function benchmarkHooksIn(root: string): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(js|html)$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        for (const hook of BENCHMARK_HOOKS) {
          if (text.includes(hook)) found.push(`${relative(root, path)}: ${hook}`);
        }
      }
    }
  };
  visit(root);
  return found;
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

export function bundleReport(root: string): string {
  const row = (size: BundleSize, files = true) =>
    `  ${size.name.padEnd(34)} ${kb(size.raw).padStart(10)} ${kb(size.gzip).padStart(10)}${files ? `  ${size.files.join(', ')}` : ''}`;
  const total = contentScriptTotal(root);
  const within = total.gzip <= CONTENT_SCRIPT_BUDGET_GZIP;
  const hooks = benchmarkHooksIn(root);
  return [
    '',
    `  bundle sizes of ${relative(process.cwd(), root) || '.'} (each with every file it loads)`,
    '',
    `  ${'bundle'.padEnd(34)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}  files`,
    ...bundleSizes(root).map((size) => row(size)),
    '',
    `${row(total, false)}  (${CONTENT_SCRIPT}: ${total.files.join(', ')})`,
    `  ${within ? 'within' : 'OVER'} the content script budget: ${kb(total.gzip)} gzip of ${kb(CONTENT_SCRIPT_BUDGET_GZIP)}${within ? '' : ` (${kb(total.gzip - CONTENT_SCRIPT_BUDGET_GZIP)} over)`}`,
    `  benchmark hooks in the build (${BENCHMARK_HOOKS.join(', ')}): ${hooks.length === 0 ? 'none' : hooks.join('; ')}`,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = buildRoot();
  if (!existsSync(root)) {
    console.error(`No build at ${root}; run npm run build:extension first.`);
    process.exit(1);
  }
  console.info(bundleReport(root));
}
