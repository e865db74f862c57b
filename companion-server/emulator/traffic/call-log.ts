/**
 * Every request the emulator answered, in order. Tests read it (GET /__emulator/calls) to
 * count upstream calls per operation and to check that throttling never happened.
 */
export interface CallRecord {
  seq: number;
  /** Arrival time on the emulator's clock, epoch milliseconds. */
  at: number;
  method: string;
  path: string;
  http_status: number;
  /** The envelope's code, or null for non-envelope responses (HTML, CSV, transport faults). */
  code: number | null;
  app_id: string | null;
  advertiser_id: string | null;
  duration_ms: number;
}

export interface CallSummary {
  total: number;
  by_path: Record<string, { count: number; codes: Record<string, number> }>;
  calls: CallRecord[];
}

const MAX_RECORDS = 200_000;

export class CallLog {
  private records: CallRecord[] = [];
  private seq = 0;

  record(call: Omit<CallRecord, 'seq'>): void {
    this.seq += 1;
    this.records.push({ seq: this.seq, ...call });
    if (this.records.length > MAX_RECORDS)
      this.records.splice(0, this.records.length - MAX_RECORDS);
  }

  summary(filter: { path?: string; sinceSeq?: number } = {}): CallSummary {
    const calls = this.records.filter(
      (call) =>
        (filter.path === undefined || call.path === filter.path) &&
        (filter.sinceSeq === undefined || call.seq > filter.sinceSeq),
    );
    const byPath: CallSummary['by_path'] = {};
    for (const call of calls) {
      const entry = byPath[call.path] ?? { count: 0, codes: {} };
      entry.count += 1;
      const code = String(call.code ?? `http_${call.http_status}`);
      entry.codes[code] = (entry.codes[code] ?? 0) + 1;
      byPath[call.path] = entry;
    }
    return { total: calls.length, by_path: byPath, calls };
  }

  clear(): void {
    this.records = [];
  }
}
