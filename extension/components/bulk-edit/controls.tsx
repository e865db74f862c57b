import type { ReactNode } from 'react';

/**
 * Buttons, chips and notices of the bulk-edit panel. Sizes are in px: the panel also runs
 * inside Ads Manager's page, whose root font size is not ours.
 */

const BUTTON_LOOKS = {
  primary: 'bg-brand text-white hover:bg-[#e0244a] disabled:bg-rose-300',
  secondary:
    'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400',
  link: 'text-slate-600 underline hover:text-slate-900',
} as const;

export function PanelButton(props: {
  children: ReactNode;
  onClick?: () => void;
  kind?: keyof typeof BUTTON_LOOKS;
  disabled?: boolean;
  type?: 'button' | 'submit';
  testId?: string;
}) {
  const kind = props.kind ?? 'secondary';
  const box = kind === 'link' ? 'px-[2px]' : 'rounded-[6px] px-[12px] py-[6px]';
  return (
    <button
      type={props.type ?? 'button'}
      data-testid={props.testId}
      onClick={props.onClick}
      disabled={props.disabled}
      className={`${box} text-[13px] leading-[18px] font-medium disabled:cursor-not-allowed ${BUTTON_LOOKS[kind]}`}
    >
      {props.children}
    </button>
  );
}

export const CHIP_TONES = {
  green: 'bg-green-100 text-green-800',
  blue: 'bg-sky-100 text-sky-800',
  grey: 'bg-slate-100 text-slate-600',
  amber: 'bg-amber-100 text-amber-900',
  red: 'bg-red-100 text-red-800',
} as const;
export type ChipTone = keyof typeof CHIP_TONES;

export function Chip(props: { tone: ChipTone; children: ReactNode }) {
  return (
    <span
      className={`inline-block rounded-full px-[8px] py-[1px] text-[11px] leading-[16px] font-semibold whitespace-nowrap ${CHIP_TONES[props.tone]}`}
    >
      {props.children}
    </span>
  );
}

const NOTE_TONES = {
  error: 'border-red-300 bg-red-50 text-red-900',
  warning: 'border-amber-300 bg-amber-50 text-amber-950',
  info: 'border-slate-200 bg-slate-50 text-slate-800',
} as const;

export function PanelNote(props: {
  tone: keyof typeof NOTE_TONES;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      role={props.tone === 'error' ? 'alert' : 'status'}
      data-testid={props.testId}
      className={`rounded-[6px] border px-[10px] py-[8px] text-[12px] leading-[17px] ${NOTE_TONES[props.tone]}`}
    >
      {props.children}
    </div>
  );
}
