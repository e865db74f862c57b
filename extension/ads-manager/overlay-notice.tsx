import { type ReactNode, useState } from 'react';

/**
 * The overlay's one notice, bottom right: what happened, in plain words, and the buttons
 * that let the buyer carry on. It takes pointer events (the rest of the overlay does not).
 */
export interface NoticeAction {
  label: string;
  run(): Promise<unknown> | undefined;
  testId: string;
}

export function OverlayNotice(props: {
  title: string;
  children: ReactNode;
  testId: string;
  actions?: NoticeAction[];
}) {
  const [dismissed, setDismissed] = useState(false);
  const [running, setRunning] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  if (dismissed) return null;
  const run = (action: NoticeAction) => {
    setRunning(action.testId);
    setOutcome(null);
    // Called inside the click: Chrome opens side panels and popups only within its gesture.
    const pending = action.run();
    void Promise.resolve(pending).then(
      (result) => {
        setRunning(null);
        if (typeof result === 'string') setOutcome({ ok: true, text: result });
      },
      (error: unknown) => {
        setRunning(null);
        setOutcome({ ok: false, text: error instanceof Error ? error.message : String(error) });
      },
    );
  };
  return (
    <div
      role="status"
      data-testid={props.testId}
      data-bayme-interactive=""
      className="pointer-events-auto absolute right-[16px] bottom-[16px] w-[340px] rounded-[6px] border border-amber-300 bg-amber-50 p-[10px] text-[12px] leading-[1.4] text-amber-950 shadow-lg"
    >
      <div className="flex items-start justify-between gap-[8px]">
        <strong className="text-[12px]">Bayme Ads Toolkit · {props.title}</strong>
        <button
          type="button"
          aria-label="Dismiss"
          className="text-[14px] leading-none text-amber-900"
          onClick={() => setDismissed(true)}
        >
          ×
        </button>
      </div>
      <div className="mt-[4px]">{props.children}</div>
      {props.actions && props.actions.length > 0 ? (
        <div className="mt-[8px] flex flex-wrap gap-[6px]">
          {props.actions.map((action) => (
            <button
              key={action.testId}
              type="button"
              data-testid={action.testId}
              disabled={running !== null}
              className="rounded-[4px] border border-amber-400 bg-white px-[8px] py-[3px] text-[12px] font-medium text-amber-950 hover:bg-amber-100 disabled:opacity-60"
              onClick={() => run(action)}
            >
              {running === action.testId ? 'Working…' : action.label}
            </button>
          ))}
        </div>
      ) : null}
      {outcome ? (
        <p
          data-testid={`${props.testId}-outcome`}
          className={`mt-[6px] ${outcome.ok ? 'text-green-800' : 'text-red-800'}`}
        >
          {outcome.text}
        </p>
      ) : null}
    </div>
  );
}
