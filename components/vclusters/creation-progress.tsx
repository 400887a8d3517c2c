import type { CreationStep, WaitingReason } from '@/lib/client/api-types';
import { cx } from '@/components/ui/cx';
import { AlertIcon, CheckIcon } from '@/components/ui/icons';
import { Spinner } from '@/components/ui/spinner';
import { CREATION_STEPS, stepIndex } from './creation-steps';

/** The creation steps as a vertical stepper; the current one spins, or warns when something waits. */
export function CreationProgress({ step, waitingReason, compact }: { step: CreationStep; waitingReason?: WaitingReason; compact?: boolean }) {
  const current = stepIndex(step);
  const done = step === 'ready';
  return (
    <div>
      <ol className={cx('grid gap-3', compact ? '' : 'sm:grid-cols-5 sm:gap-2')} aria-label="Creation steps">
        {CREATION_STEPS.map((s, i) => {
          const state = done || i < current ? 'done' : i === current ? 'current' : 'upcoming';
          const waiting = state === 'current' && waitingReason !== undefined;
          return (
            <li
              key={s.id}
              data-step={s.id}
              data-state={state}
              aria-current={state === 'current' ? 'step' : undefined}
              className={cx('flex items-start gap-3', compact ? '' : 'sm:flex-col sm:gap-2 sm:border-t-4 sm:pt-3', {
                done: 'sm:border-emerald-500',
                current: waiting ? 'sm:border-amber-500' : 'sm:border-indigo-500',
                upcoming: 'sm:border-slate-200 dark:sm:border-slate-800',
              }[state])}
            >
              <span
                className={cx(
                  'flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold',
                  state === 'done' && 'bg-emerald-500 text-white',
                  state === 'current' && !waiting && 'bg-indigo-100 text-indigo-700 dark:bg-indigo-500/20 dark:text-indigo-300',
                  waiting && 'bg-amber-100 text-amber-700 dark:bg-amber-500/20 dark:text-amber-300',
                  state === 'upcoming' && 'bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400',
                )}
                aria-hidden="true"
              >
                {state === 'done' ? <CheckIcon className="size-3.5" /> : waiting ? <AlertIcon className="size-3.5" /> : state === 'current' ? <Spinner className="size-3.5" /> : i + 1}
              </span>
              <span className="min-w-0">
                <span className={cx('block text-sm font-medium', state === 'upcoming' ? 'text-slate-500 dark:text-slate-400' : 'text-slate-900 dark:text-slate-100')}>
                  {s.label}
                  <span className="sr-only">{state === 'done' ? ' (done)' : state === 'current' ? ' (in progress)' : ' (not started)'}</span>
                </span>
                <span className="block text-xs text-slate-500 dark:text-slate-400">{s.detail}</span>
              </span>
            </li>
          );
        })}
      </ol>
      {waitingReason && !done && <WaitingReasonBox reason={waitingReason} />}
    </div>
  );
}

export function WaitingReasonBox({ reason }: { reason: WaitingReason }) {
  return (
    <div role="status" data-testid="waiting-reason" className="mt-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200">
      <p className="flex items-start gap-2 font-medium">
        <AlertIcon className="mt-0.5 size-4 shrink-0" />
        <span>Waiting: {reason.summary}</span>
      </p>
      {reason.events.length > 1 && (
        <ul className="mt-2 space-y-1 pl-6 text-xs">
          {reason.events.slice(1).map((e) => (
            <li key={`${e.kind}/${e.name}/${e.reason}`}>
              <span className="font-medium">
                {e.kind}/{e.name}
              </span>{' '}
              {e.reason}: {e.message}
              {e.count > 1 ? ` (×${e.count})` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
