/** Whether `available` is a newer dotted version than `installed` (1.10.0 > 1.9.3). */
export function isNewerVersion(available: string, installed: string): boolean {
  const parse = (version: string) =>
    version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const a = parse(available);
  const b = parse(installed);
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return false;
}
