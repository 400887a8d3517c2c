'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { apiFetch, ApiFetchError } from '@/lib/client/api-fetch';
import type { SyncOptions, VClusterConnection, VClusterView } from '@/lib/client/api-types';
import { queryKeys } from '@/lib/client/query-keys';
import { connectionQuery, eventsQuery, nodesQuery, podsQuery, templatesQuery, vclusterPath, vclusterQuery } from '@/lib/client/queries';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { EmptyState } from '@/components/ui/empty-state';
import { ArrowLeftIcon, CubeIcon, PauseIcon, PlayIcon, ServerIcon, TrashIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { Panel, PanelHeader } from '@/components/ui/panel';
import { QueryError, errorMessage } from '@/components/ui/query-error';
import { Skeleton, TableSkeleton } from '@/components/ui/skeleton';
import { TabPanel, Tabs } from '@/components/ui/tabs';
import { formatDate, useNow } from '@/components/ui/time';
import { useToast } from '@/components/ui/toast';
import { ConnectionInfo } from '@/components/vclusters/connection-info';
import { CreationProgress } from '@/components/vclusters/creation-progress';
import { stepLabel } from '@/components/vclusters/creation-steps';
import { EventsTable } from '@/components/vclusters/events-table';
import { LastUsed } from '@/components/vclusters/last-used';
import { DEFAULT_CREDENTIAL_CHOICE, kubeconfigQuery } from '@/components/vclusters/credential-choices';
import { StatusBadge } from '@/components/vclusters/status-badge';
import type { RolloutState } from '@/components/vclusters/sync-options-editor';
import { SyncOptionsSummary } from '@/components/vclusters/sync-options-summary';
import { SleepStatusSection, SleepTab } from './sleep-section';

export type TabId = 'overview' | 'pods' | 'nodes' | 'options' | 'sleep' | 'kubeconfig';

// What only the other tabs, the delete dialog and the not-found answer show loads when first
// needed, so the page's first load carries the overview alone (first-load JavaScript, issue #13).
// Each waits behind the placeholder shown while its data loads, so opening a tab looks as it did.
// React.lazy rather than next/dynamic: the latter adds about 2.5 KiB of its own to the page. A tab
// the address opens is rendered on the server; its code then loads right after the page's.
const PodsTable = lazy(() => import('@/components/vclusters/pods-table').then((m) => ({ default: m.PodsTable })));
const NodesTable = lazy(() => import('@/components/vclusters/nodes-table').then((m) => ({ default: m.NodesTable })));
const SyncOptionsEditor = lazy(() => import('@/components/vclusters/sync-options-editor').then((m) => ({ default: m.SyncOptionsEditor })));
const KubeconfigPanel = lazy(() => import('@/components/vclusters/kubeconfig-panel').then((m) => ({ default: m.KubeconfigPanel })));
const VClusterNotFound = lazy(() => import('@/components/vclusters/not-found').then((m) => ({ default: m.VClusterNotFound })));
const DeleteVClusterDialog = lazy(() => import('@/components/vclusters/delete-dialog').then((m) => ({ default: m.DeleteVClusterDialog })));

const ID = 'vcluster';
/** How long a saved change may take to show up as pending before the page trusts the server again. */
const PENDING_GRACE_MS = 20_000;
/** The least time the pending badge shows after a saved change, however fast the restart. */
const PENDING_MIN_MS = 2_500;

export function VClusterClient({ tenant, name, initialTab, justCreated }: { tenant: string; name: string; initialTab: TabId; justCreated: boolean }) {
  const view = useQuery(vclusterQuery(tenant, name));
  if (view.isPending) return <DetailSkeleton />;
  if (view.isError) {
    if (view.error instanceof ApiFetchError && view.error.status === 404) {
      return (
        <Suspense fallback={<DetailSkeleton />}>
          <VClusterNotFound tenant={tenant} name={name} />
        </Suspense>
      );
    }
    return (
      <Panel>
        <QueryError title={`Could not load vCluster ${name}`} error={view.error} onRetry={() => void view.refetch()} retrying={view.isFetching} />
      </Panel>
    );
  }
  return <VClusterDetail v={view.data} initialTab={initialTab} justCreated={justCreated} />;
}

function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading the vCluster">
      <Skeleton className="h-4 w-32" />
      <Skeleton className="mt-3 h-8 w-64" />
      <Skeleton className="mt-8 h-10 w-full max-w-xl" />
      <Skeleton className="mt-6 h-48 w-full" />
    </div>
  );
}

function VClusterDetail({ v, initialTab, justCreated }: { v: VClusterView; initialTab: TabId; justCreated: boolean }) {
  const { tenant, name } = v;
  const path = vclusterPath(tenant, name);
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<TabId>(initialTab);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // The dialog mounts on the first click on Delete and stays, so it closes as a dialog does.
  const [deleteAsked, setDeleteAsked] = useState(false);
  const askDelete = () => {
    setDeleteAsked(true);
    setConfirmDelete(true);
  };

  // Keep the creation steps on screen once they were seen moving, also after Ready.
  const [sawProgress, setSawProgress] = useState(justCreated);
  useEffect(() => {
    if (v.creationStep !== 'ready') setSawProgress(true);
  }, [v.creationStep]);

  const selectTab = (next: TabId) => {
    setTab(next);
    const url = new URL(window.location.href);
    if (next === 'overview') url.searchParams.delete('tab');
    else url.searchParams.set('tab', next);
    url.searchParams.delete('created');
    window.history.replaceState(null, '', url);
  };

  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.vcluster(tenant, name), exact: true });
  const onActionError = (what: string) => (error: unknown) => toast.error(`Could not ${what} ${name}`, errorMessage(error));

  const pause = useMutation({
    mutationFn: () => apiFetch(`${path}/pause`, { method: 'POST' }),
    onSuccess: () => refresh(),
    onError: onActionError('pause'),
  });
  const resume = useMutation({
    mutationFn: () => apiFetch(`${path}/resume`, { method: 'POST' }),
    onSuccess: () => refresh(),
    onError: onActionError('resume'),
  });
  const remove = useMutation({
    mutationFn: () => apiFetch(path, { method: 'DELETE' }),
    onSuccess: async () => {
      setConfirmDelete(false);
      toast.success(`Deleting ${name}`, 'It disappears from the list when everything is gone.');
      await queryClient.invalidateQueries({ queryKey: queryKeys.vclusters, exact: true });
      router.push('/');
    },
    onError: onActionError('delete'),
  });

  // Sync options: "pending" from the moment a change is saved until the restarted control plane runs it.
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [sawPending, setSawPending] = useState(false);
  const now = useNow(1000);
  useEffect(() => {
    if (savedAt !== null && v.configPending) setSawPending(true);
  }, [savedAt, v.configPending]);
  let rollout: RolloutState = v.paused ? 'paused' : v.configPending ? 'pending' : 'live';
  if (rollout === 'live' && savedAt !== null) {
    const waitingForServer = !sawPending && now - savedAt < PENDING_GRACE_MS;
    const restarting = sawPending && v.status !== 'Running';
    // A restart can take well under a second (a small vCluster on a fast host): the badge still
    // stays long enough to be read, instead of flashing.
    const shownLongEnough = now - savedAt >= PENDING_MIN_MS;
    if (waitingForServer || restarting || !shownLongEnough) rollout = 'pending';
  }
  useEffect(() => {
    if (savedAt !== null && rollout === 'live') {
      setSavedAt(null);
      setSawPending(false);
    }
  }, [savedAt, rollout]);

  const templates = useQuery({ ...templatesQuery(), enabled: tab === 'options' });
  const template = templates.data?.find((t) => t.name === v.template);
  const changeOptions = useMutation({
    mutationFn: (options: SyncOptions) =>
      apiFetch<{ version: string; changed: boolean }>(path, { method: 'PATCH', body: { options, expectedVersion: v.optionsVersion } }),
    onSuccess: async (answer) => {
      if (answer.changed) {
        setSavedAt(Date.now());
        setSawPending(false);
      } else {
        toast.info('Nothing changed', 'These options were already in effect.');
      }
      await refresh();
    },
    onError: async (error) => {
      if (error instanceof ApiFetchError && error.status === 409 && error.code === 'conflict') {
        toast.info('Someone else changed the options; reloaded.', 'Check the current options and apply your change again.');
        await refresh();
        return;
      }
      toast.error('Could not change the options', errorMessage(error));
    },
  });

  // Downloads
  const [choice, setChoice] = useState(DEFAULT_CREDENTIAL_CHOICE);
  const [downloading, setDownloading] = useState(false);
  const [lastDownload, setLastDownload] = useState<string | undefined>();
  const download = async () => {
    setDownloading(true);
    setLastDownload(undefined);
    try {
      // Its code comes with the first download (the page's first load leaves it out).
      const { downloadFile } = await import('@/lib/client/download-file');
      const file = await downloadFile(`${path}/kubeconfig?${kubeconfigQuery(choice)}`, `kubeconfig-${tenant}-${name}.yaml`);
      const expires = new Date(Date.now() + choice.seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
      setLastDownload(choice.seconds > 0 ? `Saved ${file}. Its credential expires around ${expires}.` : `Saved ${file}.`);
    } catch (error) {
      toast.error('Could not download the kubeconfig', errorMessage(error));
    } finally {
      setDownloading(false);
    }
  };

  // Paused or asleep still counts: the gateway's kubeconfig needs only the user's rights, and a
  // request through it wakes a sleeping vCluster.
  const usable = v.creationStep === 'ready' && !v.terminating;
  const access = tab === 'kubeconfig' ? choice.access : 'gateway';
  const connection = useQuery({ ...connectionQuery(tenant, name, access), enabled: usable && (tab === 'overview' || tab === 'kubeconfig') });

  const tabs = [
    { id: 'overview' as const, label: 'Overview' },
    {
      id: 'pods' as const,
      label: (
        <>
          Pods <Badge tone="gray">{v.syncedPods}</Badge>
        </>
      ),
    },
    { id: 'nodes' as const, label: 'Nodes' },
    { id: 'options' as const, label: 'Sync options' },
    { id: 'sleep' as const, label: 'Sleep' },
    { id: 'kubeconfig' as const, label: 'Kubeconfig' },
  ];

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/" className="inline-flex items-center gap-1 rounded-sm hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:hover:text-white">
            <ArrowLeftIcon className="size-3.5" /> My vClusters
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            {name}
            <span data-testid="vcluster-status">
              <StatusBadge status={v.status} terminating={v.terminating} />
            </span>
          </span>
        }
        description={
          <>
            Tenant <span className="font-medium text-slate-800 dark:text-slate-200">{tenant}</span>
            {v.template && (
              <>
                {' '}
                · template <span className="font-medium text-slate-800 dark:text-slate-200">{v.template}</span>
              </>
            )}
            {v.createdBy && (
              <>
                {' '}
                · created by <span className="font-medium text-slate-800 dark:text-slate-200">{v.createdBy}</span>
              </>
            )}
            {v.origin !== 'cubby' && (
              <span data-testid="vcluster-origin">
                {' '}
                · made {v.origin === 'helm' ? 'as a Helm release (helm or the vcluster CLI)' : 'from plain manifests'}
                {v.assignedBy && (
                  <>
                    , assigned by <span className="font-medium text-slate-800 dark:text-slate-200">{v.assignedBy}</span>
                  </>
                )}
              </span>
            )}
          </>
        }
        actions={
          !v.terminating && (
            <>
              {v.paused ? (
                <Button onClick={() => resume.mutate()} loading={resume.isPending} icon={<PlayIcon className="size-4" />}>
                  Resume
                </Button>
              ) : (
                <Button variant="secondary" onClick={() => pause.mutate()} loading={pause.isPending} icon={<PauseIcon className="size-4" />}>
                  Pause
                </Button>
              )}
              <Button variant="secondary" className="text-red-700 dark:text-red-400" onClick={askDelete} icon={<TrashIcon className="size-4" />}>
                Delete
              </Button>
            </>
          )
        }
      />

      {v.terminating && (
        <Callout kind="warning" title="Being deleted" className="mb-6" role="status">
          Cubby is removing the vCluster and everything it left on the host. It disappears from your list when done.
        </Callout>
      )}
      <SleepStatusSection
        tenant={tenant}
        name={name}
        hidden={v.terminating}
        pausedNotice={
          v.paused && !v.terminating ? (
            <Callout kind="info" title="Paused" className="mb-6" role="status">
              The control plane is stopped and its pods on the host are gone; the data is kept. Resume it to use it again.
            </Callout>
          ) : null
        }
      />

      <Tabs tabs={tabs} selected={tab} onSelect={selectTab} idPrefix={ID} label={`vCluster ${name}`} />
      <div className="mt-6">
        {tab === 'overview' && (
          <TabPanel idPrefix={ID} id="overview">
            <Overview v={v} showProgress={sawProgress || v.creationStep !== 'ready'} connection={connection} usable={usable} />
          </TabPanel>
        )}
        {tab === 'pods' && (
          <TabPanel idPrefix={ID} id="pods">
            <PodsTab v={v} />
          </TabPanel>
        )}
        {tab === 'nodes' && (
          <TabPanel idPrefix={ID} id="nodes">
            <NodesTab v={v} />
          </TabPanel>
        )}
        {tab === 'options' && (
          <TabPanel idPrefix={ID} id="options">
            {templates.isPending ? (
              <OptionsSkeleton />
            ) : (
              <Suspense fallback={<OptionsSkeleton />}>
                <SyncOptionsEditor
                  // A found vCluster's options come from its config Secret, which the host cache may
                  // see after the namespace's new version: the form starts over on either.
                  key={`${v.optionsVersion}:${JSON.stringify(v.options)}`}
                  options={v.options}
                  allowed={template?.spec.allowedOptions ?? v.allowedOptions}
                  rollout={rollout}
                  pendingReasons={v.configPendingReasons}
                  onSave={(change) => changeOptions.mutate(change)}
                  saving={changeOptions.isPending}
                  readOnlyReason={v.terminating ? 'The vCluster is being deleted.' : v.creationStep === 'rendering' || v.creationStep === 'applying' ? 'Options can be changed once the vCluster’s objects are applied.' : undefined}
                />
              </Suspense>
            )}
          </TabPanel>
        )}
        {tab === 'sleep' && (
          <TabPanel idPrefix={ID} id="sleep">
            <SleepTab tenant={tenant} name={name} {...(v.terminating ? { readOnlyReason: 'The vCluster is being deleted.' } : {})} />
          </TabPanel>
        )}
        {tab === 'kubeconfig' && (
          <TabPanel idPrefix={ID} id="kubeconfig">
            {usable ? (
              <Suspense fallback={<KubeconfigSkeleton />}>
                <KubeconfigPanel
                  tenant={tenant}
                  name={name}
                  apiPath={path}
                  choice={choice}
                  onChoiceChange={setChoice}
                  onDownload={() => void download()}
                  downloading={downloading}
                  lastDownload={lastDownload}
                  connection={connection.data}
                  connectionLoading={connection.isPending && connection.fetchStatus !== 'idle'}
                />
              </Suspense>
            ) : (
              <Panel>
                <EmptyState icon={<ServerIcon className="size-6" />} title={v.terminating ? 'The vCluster is being deleted' : 'Not ready yet'}>
                  {v.terminating ? 'There is nothing to connect to any more.' : `The kubeconfig exists once the vCluster is ready (now: ${stepLabel(v.creationStep)}).`}
                </EmptyState>
              </Panel>
            )}
          </TabPanel>
        )}
      </div>

      {deleteAsked && (
        <Suspense fallback={null}>
          <DeleteVClusterDialog name={name} open={confirmDelete} onClose={() => setConfirmDelete(false)} onConfirm={() => remove.mutate()} busy={remove.isPending} />
        </Suspense>
      )}
    </>
  );
}

function Overview({
  v,
  showProgress,
  connection,
  usable,
}: {
  v: VClusterView;
  showProgress: boolean;
  connection: UseQueryResult<VClusterConnection>;
  usable: boolean;
}) {
  const events = useQuery(eventsQuery(v.tenant, v.name));
  return (
    <div className="space-y-6">
      {showProgress && (
        <Panel aria-labelledby="progress-heading">
          <PanelHeader
            id="progress-heading"
            title={v.creationStep === 'ready' ? 'Created' : 'Creating'}
            description={v.creationStep === 'ready' ? 'Every step is done; the vCluster is ready to use.' : 'The steps advance on their own; no need to reload.'}
          />
          <div className="p-4 sm:p-6" data-testid="creation-progress">
            <CreationProgress step={v.creationStep} waitingReason={v.waitingReason} />
          </div>
        </Panel>
      )}
      {!showProgress && v.waitingReason && (
        <Callout kind="warning" title="Waiting" role="status">
          {v.waitingReason.summary}
        </Callout>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel>
          <PanelHeader title="Details" />
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-3 p-4 text-sm">
            <dt className="text-slate-500 dark:text-slate-400">Status</dt>
            <dd>
              <StatusBadge status={v.status} terminating={v.terminating} />
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">Creation step</dt>
            <dd data-testid="creation-step">{stepLabel(v.creationStep)}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Host namespace</dt>
            <dd className="font-mono text-xs break-all">{v.namespace}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Created</dt>
            <dd>{formatDate(v.createdAt)}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Synced pods</dt>
            <dd className="tabular-nums">{v.syncedPods}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Last used</dt>
            <dd data-testid="last-used">
              <LastUsed lastUsed={v.lastUsed} openStreams={v.openStreams} />
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">Sync options</dt>
            <dd>
              <SyncOptionsSummary options={v.options} />
              {v.configPending && (
                <Badge tone="yellow" className="mt-1">
                  Pending until the vCluster restarts
                </Badge>
              )}
            </dd>
          </dl>
        </Panel>
        <Panel>
          <PanelHeader title="Endpoint" description="Where kubectl reaches this vCluster’s API server." />
          <div className="p-4">
            {!usable ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {v.terminating ? 'None: the vCluster is being deleted.' : 'Known once the vCluster is ready.'}
              </p>
            ) : connection.isPending ? (
              <div role="status" aria-label="Loading the endpoint" className="space-y-2">
                <Skeleton className="h-4 w-1/2" />
                <Skeleton className="h-4 w-3/4" />
              </div>
            ) : connection.isError ? (
              <p className="text-sm text-red-700 dark:text-red-400">{errorMessage(connection.error)}</p>
            ) : (
              <ConnectionInfo connection={connection.data} />
            )}
          </div>
        </Panel>
      </div>
      <Panel>
        <PanelHeader title="Events" description="From the vCluster’s host namespace, newest first." />
        {events.isPending ? (
          <TableSkeleton rows={3} columns={5} label="Loading events" />
        ) : events.isError ? (
          <QueryError title="Could not load events" error={events.error} onRetry={() => void events.refetch()} />
        ) : events.data.length === 0 ? (
          <EmptyState title="No events">Kubernetes keeps events for about an hour; nothing happened recently.</EmptyState>
        ) : (
          <EventsTable rows={events.data.slice(0, 50)} />
        )}
      </Panel>
    </div>
  );
}

function PodsTab({ v }: { v: VClusterView }) {
  const pods = useQuery(podsQuery(v.tenant, v.name));
  return (
    <Panel>
      <PanelHeader
        title="Synced pods"
        description="Pods you run inside the vCluster, with the name they have on the host. Updates live."
        actions={
          <Badge tone="green" dot pulse>
            Live
          </Badge>
        }
      />
      {pods.isPending ? (
        <PodsSkeleton />
      ) : pods.isError ? (
        <QueryError title="Could not load pods" error={pods.error} onRetry={() => void pods.refetch()} />
      ) : pods.data.length === 0 ? (
        <EmptyState icon={<CubeIcon className="size-6" />} title="No pods yet">
          {v.paused
            ? 'A paused vCluster runs no pods.'
            : 'Deploy something with kubectl and the kubeconfig from the Kubeconfig tab; its pods show up here within seconds.'}
        </EmptyState>
      ) : (
        <Suspense fallback={<PodsSkeleton />}>
          <PodsTable rows={pods.data} />
        </Suspense>
      )}
    </Panel>
  );
}

function NodesTab({ v }: { v: VClusterView }) {
  const running = v.status === 'Running' && !v.terminating;
  const nodes = useQuery({ ...nodesQuery(v.tenant, v.name), enabled: running });
  const description = v.options.nodeSync.enabled
    ? 'Copies of host nodes, synced into the vCluster.'
    : 'Fake nodes: one for each host node your pods run on. They come and go with the pods.';
  return (
    <Panel>
      <PanelHeader title="Nodes inside the vCluster" description={description} />
      {!running ? (
        <EmptyState icon={<ServerIcon className="size-6" />} title="The vCluster is not running">
          Nodes are read from the vCluster’s own API server, which answers while it runs.
        </EmptyState>
      ) : nodes.isPending ? (
        <NodesSkeleton />
      ) : nodes.isError ? (
        <QueryError title="Could not read the nodes" error={nodes.error} onRetry={() => void nodes.refetch()} retrying={nodes.isFetching} />
      ) : nodes.data.length === 0 ? (
        <EmptyState icon={<ServerIcon className="size-6" />} title="No nodes yet">
          {v.options.nodeSync.enabled ? 'No host node matches the node selector.' : 'A fake node appears as soon as a pod is scheduled.'}
        </EmptyState>
      ) : (
        <Suspense fallback={<NodesSkeleton />}>
          <NodesTable rows={nodes.data} />
        </Suspense>
      )}
    </Panel>
  );
}

function PodsSkeleton() {
  return <TableSkeleton rows={3} columns={6} label="Loading pods" />;
}

function NodesSkeleton() {
  return <TableSkeleton rows={2} columns={6} label="Loading nodes" />;
}

function OptionsSkeleton() {
  return (
    <Panel className="p-6">
      <TableSkeleton rows={3} columns={2} label="Loading the options" />
    </Panel>
  );
}

function KubeconfigSkeleton() {
  return (
    <Panel className="p-6">
      <TableSkeleton rows={3} columns={2} label="Loading the kubeconfig" />
    </Panel>
  );
}
