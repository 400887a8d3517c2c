import { buttonClass } from './styles';
import { Notice } from './notice';

/** What an admin form says when its save was refused or the object changed under it. */
export function SaveNotices({ what, conflict, stale, formError, onReload }: { what: 'tenant' | 'template'; conflict: boolean; stale: boolean; formError?: string; onReload?: () => void }) {
  const reload = onReload && (
    <button type="button" className={buttonClass.secondary} onClick={onReload}>
      Reload {what}
    </button>
  );
  return (
    <>
      {conflict && (
        <Notice tone="warning" title="Changed by someone else; reload" action={reload}>
          This {what} was changed after you opened it, so your changes were not saved. Reload to see the current version (your edits here are discarded), then make them again.
        </Notice>
      )}
      {stale && !conflict && (
        <Notice tone="info" title={`Someone else changed this ${what}`} action={reload}>
          Saving now would be refused. Reload to start from their version (your edits here are discarded).
        </Notice>
      )}
      {formError && (
        <Notice tone="error" title="Not saved">
          {formError}
        </Notice>
      )}
    </>
  );
}
