// Class strings shared by the admin components, so buttons, inputs and cards look the same on
// every admin page in light and dark mode, with a visible keyboard focus ring.

const focus =
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400';

const buttonBase = `inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${focus}`;

export const buttonClass = {
  primary: `${buttonBase} bg-indigo-600 text-white hover:bg-indigo-500 dark:bg-indigo-500 dark:hover:bg-indigo-400`,
  secondary: `${buttonBase} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700`,
  danger: `${buttonBase} bg-rose-600 text-white hover:bg-rose-500 dark:bg-rose-600 dark:hover:bg-rose-500`,
  dangerOutline: `${buttonBase} border border-rose-300 bg-white text-rose-700 hover:bg-rose-50 dark:border-rose-800 dark:bg-slate-900 dark:text-rose-300 dark:hover:bg-rose-950`,
  small: `inline-flex items-center gap-1 rounded px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800 ${focus}`,
} as const;

export const linkClass = `font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300 ${focus} rounded-sm`;

export const inputBaseClass = `block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 aria-[invalid=true]:border-rose-500 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-500 dark:aria-[invalid=true]:border-rose-400 ${focus}`;
export const inputClass = `${inputBaseClass} w-full`;

export const checkboxClass = `size-4 shrink-0 rounded border-slate-300 accent-indigo-600 dark:border-slate-600 dark:accent-indigo-400 ${focus}`;

export const cardClass = 'rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900';

export const tableClass = 'min-w-full divide-y divide-slate-200 text-left text-sm dark:divide-slate-800';
export const thClass = 'whitespace-nowrap px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400';
export const tdClass = 'whitespace-nowrap px-3 py-2 align-top';
/** A cell whose text wraps (descriptions, messages): tdClass plus whitespace-normal would leave the winner to the stylesheet's order. */
export const tdWrapClass = 'px-3 py-2 align-top break-words';
