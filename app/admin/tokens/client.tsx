'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiFetch } from '@/lib/client/api-fetch';
import { EmptyState } from '@/components/ui/empty-state';
import { KeyIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { Panel } from '@/components/ui/panel';
import { QueryError, errorMessage } from '@/components/ui/query-error';
import { TableSkeleton } from '@/components/ui/skeleton';
import { useToast } from '@/components/ui/toast';
import { RevokeTokenDialog } from '@/components/tokens/revoke-token-dialog';
import { AllTokensTable, type OwnedToken } from '@/components/tokens/all-tokens-table';

const KEY = ['admin', 'tokens'] as const;

export function AdminTokensClient() {
  const toast = useToast();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: KEY, queryFn: async () => (await apiFetch<{ items: OwnedToken[] }>('/api/admin/tokens')).items });
  const [revoking, setRevoking] = useState<OwnedToken | null>(null);
  const revoke = useMutation({
    mutationFn: (token: OwnedToken) => apiFetch(`/api/admin/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' }),
    onSuccess: async (_, token) => {
      setRevoking(null);
      toast.success(`Token “${token.name}” of ${token.user} revoked`, 'Scripts using it are refused from now on.');
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
    onError: (error) => toast.error('Could not revoke the token', errorMessage(error)),
  });

  return (
    <>
      <PageHeader title="API tokens" description="Every user's personal API tokens. A token acts with its owner's rights as they are when it is used; revoke one that should no longer work." />
      <Panel>
        {tokens.isPending ? (
          <TableSkeleton rows={3} columns={6} label="Loading tokens" />
        ) : tokens.isError ? (
          <QueryError title="Could not load the tokens" error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data.length === 0 ? (
          <EmptyState icon={<KeyIcon className="size-6" />} title="No API tokens">
            Nobody has made a personal API token yet.
          </EmptyState>
        ) : (
          <AllTokensTable tokens={tokens.data} onRevoke={setRevoking} />
        )}
      </Panel>
      <RevokeTokenDialog
        title={`Revoke “${revoking?.name ?? ''}” of ${revoking?.user ?? ''}?`}
        open={revoking !== null}
        pending={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      />
    </>
  );
}
