import type { AccountOverview } from '../../../companion-server/src/contract/reporting';
import { Notice } from '../notice';

/** Ad accounts TikTok's figures could not be read for, and why (the server says). */
export function AccountProblems(props: { accounts: AccountOverview[] }) {
  const troubled = props.accounts.filter((account) => account.problem !== null);
  if (troubled.length === 0) return null;
  return (
    <Notice
      tone="warning"
      title={`${troubled.length} ad account${troubled.length === 1 ? '' : 's'} could not be read`}
    >
      <ul className="space-y-0.5">
        {troubled.map((account) => (
          <li
            key={account.advertiserId}
            data-testid="account-problem"
            data-advertiser-id={account.advertiserId}
          >
            <span className="font-semibold">{account.name}</span>{' '}
            <span className="font-mono text-[11px]">({account.advertiserId})</span>:{' '}
            {account.problem}
          </li>
        ))}
      </ul>
    </Notice>
  );
}
