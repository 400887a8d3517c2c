import type { VClusterConnection } from '@/lib/client/api-types';
import { Callout } from '@/components/ui/callout';
import { CodeBlock } from '@/components/ui/copy-button';

const STRATEGY: Record<VClusterConnection['strategy'], string> = {
  gateway: "Cubby's gateway",
  explicit: 'Configured address',
  'load-balancer': 'LoadBalancer',
  ingress: 'Ingress',
  'node-port': 'NodePort',
  'port-forward': 'Port-forward',
};

/** Where the vCluster's API server is reached from outside, as the kubeconfig download says. */
export function ConnectionInfo({ connection }: { connection: VClusterConnection }) {
  return (
    <div className="space-y-3">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-500 dark:text-slate-400">Reached through</dt>
        <dd className="font-medium" data-testid="connection-strategy">
          {STRATEGY[connection.strategy] ?? connection.strategy}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">API server</dt>
        <dd className="font-mono text-xs break-all" data-testid="connection-server">
          {connection.server}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Context</dt>
        <dd className="font-mono text-xs break-all">{connection.contextName}</dd>
      </dl>
      {connection.portForwardRequired && (
        <Callout kind="warning" title="A port-forward is needed">
          <p>This vCluster is not exposed outside the host cluster. Run this (with access to the host cluster) before using the kubeconfig, and keep it running:</p>
          {connection.portForwardCommand && (
            <div className="mt-2">
              <CodeBlock code={connection.portForwardCommand} label="Port-forward command" />
            </div>
          )}
        </Callout>
      )}
      {connection.notes.length > 0 && (
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600 dark:text-slate-400">
          {connection.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
