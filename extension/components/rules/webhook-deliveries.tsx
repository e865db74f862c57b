import { useQuery } from '@tanstack/react-query';
import { formatAccountDateTime } from '../../../companion-server/src/contract/account-time';
import type {
  DeliveryStatus,
  WebhookDelivery,
  WebhookEvent,
} from '../../../companion-server/src/contract/rules';
import { api } from '../../lib/messaging';
import { webhookDeliveryKeys } from '../../lib/query-keys';
import { Chip, type ChipTone, PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';

/** The latest notifications: enough to see whether a webhook set up a moment ago works. */
export const DELIVERIES_SHOWN = 20;
/** A pending delivery is retried with back-off: look again as often as the rules list does. */
const POLL_MS = 30_000;

const STATUS: Record<DeliveryStatus, { label: string; tone: ChipTone }> = {
  delivered: { label: 'Delivered', tone: 'green' },
  pending: { label: 'Retrying', tone: 'amber' },
  failed: { label: 'Failed', tone: 'red' },
  skipped: { label: 'Not sent', tone: 'grey' },
};

const EVENTS: Record<WebhookEvent, string> = {
  action: 'acted',
  approval_needed: 'needs approval',
  failure: 'failed',
};

/**
 * What became of one notification: where it went (the receiver's scheme and host only — the
 * rest of a webhook address is its secret), when, how many attempts, and the last error or
 * the receiver's answer.
 */
export function deliveryLine(delivery: WebhookDelivery): { what: string; detail: string } {
  const where = delivery.urlOrigin
    ? `${delivery.urlOrigin} (#${delivery.urlHash ?? '?'})`
    : 'no webhook';
  const what = `“${delivery.ruleName}” ${EVENTS[delivery.event] ?? delivery.event} → ${where}`;
  const at = (iso: string) => formatAccountDateTime(iso, 'UTC');
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`;
  const parts = [`${at(delivery.createdAt)}`, attempts];
  if (delivery.responseStatus !== null) parts.push(`HTTP ${delivery.responseStatus}`);
  if (delivery.deliveredAt) parts.push(`delivered ${at(delivery.deliveredAt)}`);
  if (delivery.nextAttemptAt) parts.push(`next try ${at(delivery.nextAttemptAt)}`);
  if (delivery.lastError) parts.push(delivery.lastError);
  return { what, detail: parts.join(' · ') };
}

/**
 * Admins' view of the rules' notifications (issue 16: "a delivery log"): the latest ones,
 * newest first, each with its status. Times are UTC and say so: notifications belong to no
 * one ad account.
 */
export function WebhookDeliveries() {
  const deliveries = useQuery({
    queryKey: webhookDeliveryKeys.listWebhookDeliveries(DELIVERIES_SHOWN),
    queryFn: () => api('listWebhookDeliveries', { query: { limit: DELIVERIES_SHOWN } }),
    refetchInterval: POLL_MS,
  });
  const list = deliveries.data?.deliveries ?? [];
  return (
    <details
      className="rounded-[8px] border border-slate-200 bg-white px-[12px] py-[8px]"
      data-testid="webhook-deliveries"
    >
      <summary className="cursor-pointer text-[13px] font-semibold">
        Notifications sent
        {list.some((d) => d.status === 'failed') ? (
          <span className="ml-[6px]">
            <Chip tone="red">some failed</Chip>
          </span>
        ) : null}
      </summary>
      <div className="mt-[8px] space-y-[6px]">
        {deliveries.error ? (
          <PanelNote tone="error" testId="webhook-deliveries-error">
            Could not load the notifications: {errorMessage(deliveries.error)}
          </PanelNote>
        ) : !deliveries.data ? (
          <p className="text-[12px] text-slate-500">Loading the notifications…</p>
        ) : list.length === 0 ? (
          <p className="text-[12px] text-slate-600" data-testid="webhook-deliveries-empty">
            No notification yet. A rule notifies when it acts, needs an admin or fails, if its
            notifications are on and a webhook is set (on the rule, or RULES_WEBHOOK_URL for the
            server).
          </p>
        ) : (
          <ul className="space-y-[4px]">
            {list.map((delivery) => {
              const { what, detail } = deliveryLine(delivery);
              return (
                <li
                  key={delivery.id}
                  className="text-[12px] leading-[16px]"
                  data-testid="webhook-delivery"
                  data-status={delivery.status}
                >
                  <div className="flex items-start gap-[6px]">
                    <Chip tone={STATUS[delivery.status].tone}>{STATUS[delivery.status].label}</Chip>
                    <span className="min-w-0 break-words">{what}</span>
                  </div>
                  <div className="break-words text-[11px] text-slate-500">{detail}</div>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </details>
  );
}
