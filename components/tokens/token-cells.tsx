'use client';
// The cells every token table shows for one token: name, dates, and the revoke button.
import type { ApiTokenInfo } from '@/lib/client/api-types';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { TrashIcon } from '@/components/ui/icons';
import { Td, Th } from '@/components/ui/table';
import { formatDate } from '@/components/ui/time';

export function TokenHeaderCells() {
  return (
    <>
      <Th>Name</Th>
      <Th>Created</Th>
      <Th>Expires</Th>
      <Th>Last used</Th>
      <Th>
        <span className="sr-only">Actions</span>
      </Th>
    </>
  );
}

/** Says that a token is a kubeconfig credential and which vCluster alone it opens. */
export function TokenScope({ token }: { token: ApiTokenInfo }) {
  if (!token.scope) return null;
  return (
    <span className="mt-1 block text-xs font-normal text-slate-600 dark:text-slate-400">
      <Badge tone="indigo">Kubeconfig</Badge> opens {token.scope.tenant}/{token.scope.vcluster} through Cubby only
    </span>
  );
}

/** `revokeLabel` finishes the button's accessible name, e.g. "ci of alice". */
export function TokenCells({ token, revokeLabel, onRevoke }: { token: ApiTokenInfo; revokeLabel: string; onRevoke: () => void }) {
  return (
    <>
      <Td className="font-medium break-all text-slate-900 dark:text-slate-100">
        {token.name}
        <TokenScope token={token} />
      </Td>
      <Td className="whitespace-nowrap">{formatDate(token.createdAt)}</Td>
      <Td className="whitespace-nowrap">
        {formatDate(token.expiresAt)}
        {token.expired && (
          <Badge tone="red" className="ml-2">
            Expired
          </Badge>
        )}
      </Td>
      <Td className="whitespace-nowrap">{token.lastUsedAt ? formatDate(token.lastUsedAt) : <span className="text-slate-400">Never</span>}</Td>
      <Td className="text-right">
        <Button variant="ghost" size="sm" className="text-red-700 dark:text-red-400" onClick={onRevoke} icon={<TrashIcon className="size-4" />}>
          Revoke<span className="sr-only"> {revokeLabel}</span>
        </Button>
      </Td>
    </>
  );
}
