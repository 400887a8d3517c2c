'use client';
import Link from 'next/link';
import { useId } from 'react';
import type { VClusterConnection } from '@/lib/client/api-types';
import { useOrigin } from '@/lib/client/use-origin';
import { Button } from '@/components/ui/button';
import { CodeBlock } from '@/components/ui/copy-button';
import { Select } from '@/components/ui/field';
import { DownloadIcon } from '@/components/ui/icons';
import { Panel, PanelHeader } from '@/components/ui/panel';
import { Skeleton } from '@/components/ui/skeleton';
import { ConnectionInfo } from './connection-info';
import { CREDENTIAL_CHOICES, type CredentialChoice, choiceKey, choiceOfKey, kubeconfigQuery } from './credential-choices';

export function KubeconfigPanel({
  tenant,
  name,
  apiPath,
  choice,
  onChoiceChange,
  onDownload,
  downloading,
  lastDownload,
  connection,
  connectionLoading,
}: {
  tenant: string;
  name: string;
  /** `/api/vclusters/TENANT/NAME` */
  apiPath: string;
  choice: CredentialChoice;
  onChoiceChange: (choice: CredentialChoice) => void;
  onDownload: () => void;
  downloading: boolean;
  /** What the last download saved, said once it is done. */
  lastDownload?: string;
  connection?: VClusterConnection;
  connectionLoading: boolean;
}) {
  const selectId = useId();
  const origin = useOrigin();
  const file = `kubeconfig-${tenant}-${name}.yaml`;
  const curl = [
    `curl -fsSL -H "Authorization: Bearer $CUBBY_TOKEN" \\`,
    `  "${origin}${apiPath}/kubeconfig?${kubeconfigQuery(choice)}" \\`,
    `  -o ${file}`,
    `kubectl --kubeconfig ${file} get namespaces`,
  ].join('\n');
  const local = [`export KUBECONFIG=~/Downloads/${file}`, 'kubectl get namespaces'].join('\n');

  return (
    <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
      <Panel>
        <PanelHeader title="Download" description="A kubeconfig that acts as you inside this vCluster." />
        <div className="space-y-4 p-4">
          <div>
            <label htmlFor={selectId} className="block text-sm font-medium">
              Credentials
            </label>
            <Select
              id={selectId}
              className="mt-1.5"
              value={choiceKey(choice)}
              onChange={(e) => onChoiceChange(choiceOfKey(e.target.value))}
              aria-describedby={`${selectId}-hint`}
            >
              <optgroup label="Through Cubby (works from anywhere)">
                {CREDENTIAL_CHOICES.filter((c) => c.access === 'gateway').map((c) => (
                  <option key={choiceKey(c)} value={choiceKey(c)}>
                    {c.label}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Direct to the vCluster's own server">
                {CREDENTIAL_CHOICES.filter((c) => c.access === 'direct').map((c) => (
                  <option key={choiceKey(c)} value={choiceKey(c)}>
                    {c.label}
                  </option>
                ))}
              </optgroup>
            </Select>
            <p id={`${selectId}-hint`} className="mt-1.5 text-sm text-slate-600 dark:text-slate-400">
              {choice.access === 'gateway'
                ? 'Cubby checks your access on every request and acts as you inside. The credential opens this vCluster only; revoke it any time on the API tokens page. A sleeping vCluster wakes on its first request, which then takes a few seconds longer; one paused by hand must be resumed first.'
                : choice.seconds > 0
                  ? 'A token from the vCluster itself, with admin rights inside; it stops working on its own.'
                  : 'The admin certificate works until the vCluster is deleted and cannot be revoked. Keep the file private.'}
            </p>
          </div>
          <Button onClick={onDownload} loading={downloading} icon={<DownloadIcon className="size-4" />}>
            Download kubeconfig
          </Button>
          <p className="text-sm text-slate-600 empty:hidden dark:text-slate-400" role="status">
            {lastDownload}
          </p>
          <div>
            <p className="mb-1.5 text-sm font-medium">Then use it</p>
            <CodeBlock code={local} label="Use the kubeconfig" />
          </div>
        </div>
      </Panel>
      <div className="space-y-6">
        <Panel>
          <PanelHeader title="Connection" description="The address in the kubeconfig and what it needs." />
          <div className="p-4">
            {connectionLoading ? (
              <div role="status" aria-label="Loading connection details" className="space-y-2">
                <Skeleton className="h-4 w-1/2" />
                <Skeleton className="h-4 w-3/4" />
              </div>
            ) : connection ? (
              <ConnectionInfo connection={connection} />
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">Connection details are shown once the vCluster is ready.</p>
            )}
          </div>
        </Panel>
        <Panel>
          <PanelHeader title="From a script" description="Fetch the same file with a personal API token." />
          <div className="space-y-3 p-4">
            <CodeBlock code={curl} label="Download with curl" copyLabel="Copy command" />
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Set <code className="font-mono text-xs">CUBBY_TOKEN</code> to a token from{' '}
              <Link href="/tokens" className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                API tokens
              </Link>
              .
            </p>
          </div>
        </Panel>
      </div>
    </div>
  );
}
