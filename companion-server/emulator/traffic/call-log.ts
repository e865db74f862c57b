/**
 * Every request the emulator received, in arrival order. Tests read it (GET
 * /__emulator/calls) to count upstream calls per operation and to check that throttling
 * never happened. A call is logged when it arrives, so one still in progress (a delayed
 * fault, say) already counts; its outcome is filled in when it completes.
 */
export interface CallRecord {
  seq: number;
  /** Arrival time on the emulator's clock, epoch milliseconds. */
  at: number;
  method: string;
  path: string;
  /** Null while the call is still in progress. */
  http_status: number | null;
  /** The envelope's code, or null for non-envelope responses (HTML, CSV, transport faults). */
  code: number | null;
  app_id: string | null;
  advertiser_id: string | null;
  duration_ms: number | null;
}

export interface CallSummary {
  total: number;
  by_path: Record<string, { count: number; codes: Record<string, number> }>;
  calls: CallRecord[];
}

export type CallArrival = Pick<CallRecord, 'at' | 'method' | 'path' | 'app_id' | 'advertiser_id'>;
export type CallOutcome = Pick<CallRecord, 'http_status' | 'code' | 'duration_ms'> &
  Partial<Pick<CallRecord, 'app_id'>>;

const MAX_RECORDS = 200_000;

export class CallLog {
  private records: CallRecord[] = [];
  private seq = 0;

  /** Log an arriving call; complete it with the returned function. */
  arrive(call: CallArrival): (outcome: CallOutcome) => void {
    this.seq += 1;
    const record: CallRecord = {
      seq: this.seq,
      ...call,
      http_status: null,
      code: null,
      duration_ms: null,
    };
    this.records.push(record);
    if (this.records.length > MAX_RECORDS)
      this.records.splice(0, this.records.length - MAX_RECORDS);
    return (outcome) => Object.assign(record, outcome);
  }

  /** Log a call that arrived and completed at once. */
  record(call: CallArrival & CallOutcome): void {
    const { http_status, code, duration_ms, ...arrival } = call;
    this.arrive(arrival)({ http_status, code, duration_ms });
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
      const code =
        call.http_status === null ? 'in_progress' : String(call.code ?? `http_${call.http_status}`);
      entry.codes[code] = (entry.codes[code] ?? 0) + 1;
      byPath[call.path] = entry;
    }
    return { total: calls.length, by_path: byPath, calls: calls.map((call) => ({ ...call })) };
  }

  clear(): void {
    this.records = [];
  }
}
