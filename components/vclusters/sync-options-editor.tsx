'use client';
import { useState } from 'react';
import type { EffectiveSyncOptions, SyncOptions, TenantOptionId } from '@/lib/client/api-types';
import { allowedChoices, anyChoice, draftFromOptions, draftProblems, isEmptyChange, optionsChange } from '@/lib/client/sync-options-form';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Panel, PanelHeader } from '@/components/ui/panel';
import { Spinner } from '@/components/ui/spinner';
import { SyncOptionsFields } from './sync-options-fields';
import { SyncOptionsSummary } from './sync-options-summary';

export type RolloutState = 'live' | 'pending' | 'paused';

export function RolloutBadge({ state }: { state: RolloutState }) {
  if (state === 'pending')
    return (
      <Badge tone="yellow" className="gap-1.5" >
        <Spinner className="size-3" />
        <span data-testid="options-state">Pending until the vCluster restarts</span>
      </Badge>
    );
  if (state === 'paused')
    return (
      <Badge tone="blue">
        <span data-testid="options-state">Applies when resumed</span>
      </Badge>
    );
  return (
    <Badge tone="green" dot>
      <span data-testid="options-state">Live</span>
    </Badge>
  );
}

/**
 * The options form of one vCluster. Remount it (key) when the vCluster's options version
 * changes, so it always starts from what is in effect.
 */
export function SyncOptionsEditor({
  options,
  allowed,
  rollout,
  pendingReasons,
  onSave,
  saving,
  readOnlyReason,
}: {
  options: EffectiveSyncOptions;
  /** The template's allow-list; undefined when the template is unknown to the caller. */
  allowed?: readonly TenantOptionId[];
  rollout: RolloutState;
  pendingReasons: string[];
  onSave: (change: SyncOptions) => void;
  saving: boolean;
  /** Why nothing can be changed now (being deleted, still being created), if so. */
  readOnlyReason?: string;
}) {
  const [draft, setDraft] = useState(() => draftFromOptions(options));
  const choices = allowedChoices(allowed ?? []);
  const change = allowed ? optionsChange(draft, options, allowed) : {};
  const problems = draftProblems(draft);
  const dirty = !isEmptyChange(change);
  const editable = !!allowed && anyChoice(choices) && !readOnlyReason;

  return (
    <Panel>
      <PanelHeader
        title="Sync options"
        description="What this vCluster shares with the host cluster. A change restarts the vCluster’s control plane; workloads keep running."
        actions={<RolloutBadge state={rollout} />}
      />
      <div className="space-y-5 p-4 sm:p-6">
        {rollout === 'pending' && (
          <div className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200" role="status">
            <p className="font-medium">The new options take effect when the control plane has restarted with them.</p>
            {pendingReasons.length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-xs">
                {pendingReasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div>
          <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">{rollout === 'live' ? 'In effect' : 'Configured (in effect after the restart)'}</p>
          <SyncOptionsSummary options={options} />
        </div>
        {editable ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (dirty && !problems.labels) onSave(change);
            }}
            className="space-y-5 border-t border-slate-200 pt-5 dark:border-slate-800"
          >
            <SyncOptionsFields draft={draft} onChange={setDraft} choices={choices} labelsError={problems.labels} disabled={saving} />
            <div className="flex flex-wrap items-center justify-end gap-2">
              {dirty && (
                <Button variant="ghost" onClick={() => setDraft(draftFromOptions(options))} disabled={saving}>
                  Discard changes
                </Button>
              )}
              <Button type="submit" loading={saving} disabled={!dirty || !!problems.labels}>
                {saving ? 'Applying…' : 'Apply changes'}
              </Button>
            </div>
          </form>
        ) : (
          <p className="border-t border-slate-200 pt-5 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
            {readOnlyReason ??
              (allowed ? 'The template of this vCluster fixes every option.' : 'The template of this vCluster is not available to you, so its options cannot be changed here.')}
          </p>
        )}
      </div>
    </Panel>
  );
}
