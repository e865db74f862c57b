/**
 * The emulator's notion of "now". Tests move it (auth-code expiry, the 23:55 budget lock,
 * scheduled budgets taking effect the next day, a day's spend growing) without waiting.
 */
export class EmulatorClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Jump to an absolute instant; time keeps running from there. */
  set(instant: number): void {
    this.offsetMs = instant - Date.now();
  }

  /** Run at this distance from the machine's clock (a saved world's clock after a restart). */
  setOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
