/** The look of the drawer's inputs and their labels (px: the host page's root size is not ours). */
export const INPUT =
  'mt-[2px] block w-full rounded-[4px] border border-slate-300 px-[6px] py-[4px] text-[13px] font-normal';
export const LABEL = 'block text-[12px] font-semibold text-slate-700';
