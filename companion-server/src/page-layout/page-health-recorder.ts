import { staffActor } from '../audit/actors';
import type { Level, reportPageHealth } from '../contract/ads-manager';
import type { RouteBody } from '../contract/route';
import type { AuditLog } from '../storage/audit-log';
import type { Staff } from '../storage/state-schema';

/**
 * Page-health reports from the extension (contract/ads-manager.ts, `reportPageHealth`): an Ads
 * Manager page whose table or rows it could not read. Each becomes an audit entry (action
 * `extension.page_layout`) that tells admins what broke and what to do.
 */

type PageHealthReport = RouteBody<typeof reportPageHealth>;

/**
 * Every open tab of every staff member reports a broken page on each visit; admins need to
 * hear it once per person, problem and page, not hundreds of times.
 */
const PAGE_HEALTH_REPEAT_MS = 10 * 60_000;

/** A bound on what is remembered for suppression, whatever a client sends. */
const MAX_REMEMBERED_REPORTS = 1_000;

const LEVEL_PLURAL: Record<Level, string> = {
  campaign: 'campaigns',
  adgroup: 'ad groups',
  ad: 'ads',
};

export class PageHealthRecorder {
  /** When each (staff member, problem, path) was last recorded, oldest first. */
  readonly #lastRecorded = new Map<string, number>();

  constructor(
    private readonly audit: Pick<AuditLog, 'append'>,
    private readonly now: () => Date,
  ) {}

  /** Audit the report unless the same one was recorded recently; whether it was recorded. */
  async record(staff: Pick<Staff, 'id' | 'email'>, report: PageHealthReport): Promise<boolean> {
    const at = this.now().getTime();
    this.#forgetBefore(at - PAGE_HEALTH_REPEAT_MS);
    const key = JSON.stringify([staff.id, report.problem, report.path]);
    if (this.#lastRecorded.has(key)) return false;
    // Remembered before writing, so that a duplicate arriving meanwhile is suppressed too.
    this.#lastRecorded.set(key, at);
    try {
      await this.audit.append({
        actor: staffActor(staff),
        action: 'extension.page_layout',
        outcome: 'failure',
        advertiserId: report.advertiserId,
        message: pageHealthMessage(report),
        details: { ...report },
      });
    } catch (error) {
      if (this.#lastRecorded.get(key) === at) this.#lastRecorded.delete(key);
      throw error;
    }
    return true;
  }

  #forgetBefore(cutoff: number): void {
    for (const [key, at] of this.#lastRecorded) {
      if (at > cutoff && this.#lastRecorded.size < MAX_REMEMBERED_REPORTS) return;
      this.#lastRecorded.delete(key);
    }
  }
}

function pageHealthMessage(report: PageHealthReport): string {
  const version = `extension ${report.extensionVersion}`;
  const consequence =
    "TikTok may have changed the page's layout, so the figures are missing there. Compare the selector matches in the details with the page and update the extension's selectors.";
  if (report.problem === 'no_table') {
    return `The extension (${version}) found no table on the Ads Manager page ${report.path}: ${consequence}`;
  }
  const rows = report.level ? LEVEL_PLURAL[report.level] : 'campaigns, ad groups or ads';
  if (report.problem === 'rows_unidentified') {
    const counts = report.rows
      ? `${report.rows.unidentified} of its ${report.rows.visible} visible rows`
      : 'some of its rows';
    return `The extension (${version}) could not tell which of the ${rows} ${counts} on the Ads Manager page ${report.path} are: they get no figures and cannot be bulk-edited there. Ask the staff member for a layout sample.`;
  }
  return `The extension (${version}) found the table on the Ads Manager page ${report.path} but could not match any of its rows to ${rows}: ${consequence}`;
}
