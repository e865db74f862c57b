import type { ReactNode } from 'react';

const TONES = {
  error: 'border-red-300 bg-red-50 text-red-900',
  warning: 'border-amber-300 bg-amber-50 text-amber-900',
  success: 'border-green-300 bg-green-50 text-green-900',
  info: 'border-slate-200 bg-slate-50 text-slate-800',
} as const;

export function Notice(props: {
  tone: keyof typeof TONES;
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div
      role={props.tone === 'error' ? 'alert' : 'status'}
      data-testid={props.testId}
      className={`rounded-md border px-3 py-2 text-[13px] ${TONES[props.tone]}`}
    >
      <p className="font-semibold">{props.title}</p>
      {props.children ? <div className="mt-1 leading-snug">{props.children}</div> : null}
    </div>
  );
}

export function Button(props: {
  children: ReactNode;
  onClick?: () => void;
  kind?: 'primary' | 'secondary' | 'danger';
  disabled?: boolean;
  type?: 'button' | 'submit';
  testId?: string;
}) {
  const kind = props.kind ?? 'secondary';
  const look =
    kind === 'primary'
      ? 'bg-brand text-white hover:bg-[#e0244a] disabled:bg-rose-300'
      : kind === 'danger'
        ? 'border border-red-300 text-red-700 hover:bg-red-50'
        : 'border border-slate-300 text-slate-800 hover:bg-slate-50';
  return (
    <button
      type={props.type ?? 'button'}
      data-testid={props.testId}
      onClick={props.onClick}
      disabled={props.disabled}
      className={`rounded-md px-3 py-1.5 text-[13px] font-medium disabled:cursor-not-allowed ${look}`}
    >
      {props.children}
    </button>
  );
}
