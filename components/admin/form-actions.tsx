import Link from 'next/link';
import { Spinner } from './confirm-dialog';
import { buttonClass } from './styles';

/** The submit and cancel row under an admin form. */
export function FormActions({ what, mode, saving, busy = saving, cancelHref }: { what: 'tenant' | 'template'; mode: 'create' | 'edit'; saving: boolean; busy?: boolean; cancelHref: string }) {
  return (
    <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
      <button type="submit" className={buttonClass.primary} disabled={busy} aria-busy={busy}>
        {busy && <Spinner />}
        {mode === 'create' ? (saving ? 'Creating…' : `Create ${what}`) : saving ? 'Saving…' : 'Save changes'}
      </button>
      <Link href={cancelHref} className={buttonClass.secondary}>
        Cancel
      </Link>
    </div>
  );
}
