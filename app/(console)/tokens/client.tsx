'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiFetch, ApiFetchError } from '@/lib/client/api-fetch';
import type { ApiTokenInfo, CreatedApiToken } from '@/lib/client/api-types';
import { queryKeys } from '@/lib/client/query-keys';
import { tokensQuery } from '@/lib/client/queries';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Select, TextInput, describedBy } from '@/components/ui/field';
import { KeyIcon, PlusIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { Panel, PanelHeader } from '@/components/ui/panel';
import { QueryError, errorMessage } from '@/components/ui/query-error';
import { TableSkeleton } from '@/components/ui/skeleton';
import { useToast } from '@/components/ui/toast';
import { NewTokenSecret } from '@/components/tokens/new-token';
import { RevokeTokenDialog } from '@/components/tokens/revoke-token-dialog';
import { TokenList } from '@/components/tokens/token-list';

const EXPIRY_DAYS = [
  { days: 1, label: '1 day' },
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 180, label: '180 days' },
  { days: 365, label: '1 year' },
];

export function TokensClient() {
  const toast = useToast();
  const queryClient = useQueryClient();
  const tokens = useQuery(tokensQuery());
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [nameError, setNameError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenInfo | null>(null);

  const create = useMutation({
    mutationFn: () => apiFetch<CreatedApiToken>('/api/tokens', { method: 'POST', body: { name: name.trim(), expiresInDays: days } }),
    onSuccess: async (token) => {
      setCreated(token);
      setName('');
      await queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
    },
    onError: (error) => {
      if (error instanceof ApiFetchError && error.status === 400) setNameError(error.message);
      else toast.error('Could not create the token', errorMessage(error));
    },
  });
  const revoke = useMutation({
    mutationFn: (token: ApiTokenInfo) => apiFetch(`/api/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' }),
    onSuccess: async (_, token) => {
      setRevoking(null);
      toast.success(`Token “${token.name}” revoked`, 'Scripts using it are refused from now on.');
      await queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
    },
    onError: (error) => toast.error('Could not revoke the token', errorMessage(error)),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError('Give the token a name, e.g. the script that will use it.');
      document.getElementById('token-name')?.focus();
      return;
    }
    setNameError(undefined);
    create.mutate();
  };

  return (
    <>
      <PageHeader title="API tokens" description="Personal tokens for scripts and CI, and the kubeconfig credentials you downloaded. Each acts as you, with the rights you have each time it is used." />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="space-y-4">
          <Panel>
            <PanelHeader title="Create a token" />
            <form onSubmit={onSubmit} noValidate className="space-y-4 p-4">
              <Field id="token-name" label="Name" error={nameError} hint="What will use it, so you know what to revoke later.">
                <TextInput
                  id="token-name"
                  value={name}
                  maxLength={100}
                  placeholder="e.g. ci-deploy"
                  invalid={!!nameError}
                  onChange={(e) => {
                    setName(e.target.value);
                    setNameError(undefined);
                  }}
                  {...describedBy('token-name', { error: nameError, hint: true })}
                />
              </Field>
              <Field id="token-expiry" label="Expires after">
                <Select id="token-expiry" value={days} onChange={(e) => setDays(Number(e.target.value))}>
                  {EXPIRY_DAYS.map((d) => (
                    <option key={d.days} value={d.days}>
                      {d.label}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button type="submit" loading={create.isPending} icon={<PlusIcon className="size-4" />}>
                Create token
              </Button>
            </form>
          </Panel>
          {created && <NewTokenSecret token={created} onDone={() => setCreated(null)} />}
        </div>
        <Panel>
          <PanelHeader title="Your tokens" description="Secrets are never shown again; revoke a token you no longer need." />
          {tokens.isPending ? (
            <TableSkeleton rows={2} columns={4} label="Loading tokens" />
          ) : tokens.isError ? (
            <QueryError title="Could not load your tokens" error={tokens.error} onRetry={() => void tokens.refetch()} />
          ) : tokens.data.length === 0 ? (
            <EmptyState icon={<KeyIcon className="size-6" />} title="No tokens yet">
              Create one to call Cubby’s API from a script, e.g. to download a kubeconfig in CI.
            </EmptyState>
          ) : (
            <TokenList tokens={tokens.data} onRevoke={setRevoking} />
          )}
        </Panel>
      </div>
      <RevokeTokenDialog
        title={`Revoke “${revoking?.name ?? ''}”?`}
        open={revoking !== null}
        pending={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      />
    </>
  );
}
