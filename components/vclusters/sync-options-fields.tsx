'use client';
// The sync option controls a template allows. Options it does not allow are not offered; their
// value is listed as fixed by the template instead.
import { useId } from 'react';
import type { AllowedChoices, NodeSelectorMode, OptionsDraft } from '@/lib/client/sync-options-form';
import { Switch } from '@/components/ui/switch';
import { cx } from '@/components/ui/cx';
import { inputClasses } from '@/components/ui/field';

/** The on/off options, each offered only where the template allows it. */
const TOGGLES: ReadonlyArray<{ key: 'ingressSync' | 'ingressClassSync' | 'nodeSyncEnabled'; label: string; description: string }> = [
  { key: 'ingressSync', label: 'Ingress sync', description: 'Ingresses you create inside are copied to the host, where its ingress controller serves them.' },
  { key: 'ingressClassSync', label: 'IngressClass sync', description: 'Read-only copies of the host’s IngressClasses, so your Ingresses can name one.' },
  { key: 'nodeSyncEnabled', label: 'Node sync', description: 'Show real host nodes inside instead of fake ones.' },
];

export function SyncOptionsFields({
  draft,
  onChange,
  choices,
  labelsError,
  disabled,
}: {
  draft: OptionsDraft;
  onChange: (draft: OptionsDraft) => void;
  choices: AllowedChoices;
  labelsError?: string;
  disabled?: boolean;
}) {
  const set = (patch: Partial<OptionsDraft>) => onChange({ ...draft, ...patch });
  const labelsId = useId();
  const groupName = useId();
  const fixed = TOGGLES.filter((t) => !choices[t.key]).map((t) => `${t.label}: ${draft[t.key] ? 'on' : 'off'}`);

  const selectorModes: Array<{ mode: NodeSelectorMode; label: string; description: string; allowed: boolean }> = [
    { mode: 'pods', label: 'Only nodes that run its pods', description: 'Copies of the host nodes the vCluster’s pods run on.', allowed: choices.selectorAll },
    { mode: 'all', label: 'All host nodes', description: 'Every node of the host cluster is visible inside.', allowed: choices.selectorAll },
    { mode: 'labels', label: 'Nodes with labels', description: 'Only host nodes with these labels; pods are pinned to them too.', allowed: choices.selectorLabels },
  ];
  const offered = selectorModes.filter((m) => m.allowed || m.mode === draft.nodeSelector);

  return (
    <div className="space-y-5">
      {TOGGLES.filter((t) => choices[t.key]).map((t) => (
        <Switch key={t.key} label={t.label} description={t.description} checked={draft[t.key]} onChange={(v) => set({ [t.key]: v })} disabled={disabled} />
      ))}
      {draft.nodeSyncEnabled && offered.length > 0 && (
        <fieldset className="rounded-lg border border-slate-200 p-4 dark:border-slate-800" disabled={disabled}>
          <legend className="px-1 text-sm font-medium text-slate-900 dark:text-slate-100">Which nodes</legend>
          <div className="space-y-3">
            {offered.map((m) => (
              <label key={m.mode} className={cx('flex items-start gap-3', !m.allowed && 'opacity-60')}>
                <input
                  type="radio"
                  name={groupName}
                  value={m.mode}
                  checked={draft.nodeSelector === m.mode}
                  disabled={!m.allowed}
                  onChange={() => set({ nodeSelector: m.mode })}
                  className="mt-0.5 size-4 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                />
                <span>
                  <span className="block text-sm font-medium text-slate-900 dark:text-slate-100">{m.label}</span>
                  <span className="block text-sm text-slate-600 dark:text-slate-400">{m.description}</span>
                </span>
              </label>
            ))}
            {draft.nodeSelector === 'labels' && (
              <div className="pl-7">
                <label htmlFor={labelsId} className="block text-sm font-medium text-slate-900 dark:text-slate-100">
                  Node labels
                </label>
                <input
                  id={labelsId}
                  value={draft.labels}
                  onChange={(e) => set({ labels: e.target.value })}
                  placeholder="pool=general, topology.kubernetes.io/zone=zone-a"
                  spellCheck={false}
                  disabled={disabled || !choices.selectorLabels}
                  aria-invalid={labelsError ? true : undefined}
                  aria-describedby={`${labelsId}-msg`}
                  className={cx(inputClasses, 'mt-1.5 font-mono', labelsError && 'ring-red-500')}
                />
                <p id={`${labelsId}-msg`} className={cx('mt-1.5 text-sm', labelsError ? 'text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-400')}>
                  {labelsError ?? 'key=value pairs, separated by commas.'}
                </p>
              </div>
            )}
          </div>
        </fieldset>
      )}
      {choices.clearImageStatus && draft.nodeSyncEnabled && (
        <Switch
          label="Hide host images"
          description="Clears the list of images cached on each synced node."
          checked={draft.clearImageStatus}
          onChange={(v) => set({ clearImageStatus: v })}
          disabled={disabled}
        />
      )}
      {fixed.length > 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Set by the template: <span className="text-slate-800 dark:text-slate-200">{fixed.join(' · ')}</span>
        </p>
      )}
    </div>
  );
}
