'use client';
// Subscribes the page to /api/stream (Server-Sent Events) and invalidates the React Query
// entries a change touches, so lists and details update without reload or polling.
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from './query-keys';

interface ChangeMessage {
  scope: 'vcluster' | 'tenants' | 'templates';
  tenant?: string;
  name?: string;
  kinds?: string[];
}

export function useChangeStream(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource('/api/stream');
    source.addEventListener('change', (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as ChangeMessage;
      if (change.scope === 'tenants') void queryClient.invalidateQueries({ queryKey: queryKeys.tenants });
      if (change.scope === 'templates') void queryClient.invalidateQueries({ queryKey: queryKeys.templates });
      if (change.scope !== 'vcluster') return;
      void queryClient.invalidateQueries({ queryKey: queryKeys.vclusters, exact: true });
      void queryClient.invalidateQueries({ queryKey: queryKeys.discovered });
      if (change.tenant && change.name) {
        const kinds = new Set(change.kinds ?? []);
        void queryClient.invalidateQueries({ queryKey: queryKeys.vcluster(change.tenant, change.name), exact: true });
        if (kinds.has('pods')) void queryClient.invalidateQueries({ queryKey: queryKeys.vclusterPart(change.tenant, change.name, 'pods') });
        if (kinds.has('nodes') || kinds.has('pods')) void queryClient.invalidateQueries({ queryKey: queryKeys.vclusterPart(change.tenant, change.name, 'nodes') });
        if (kinds.has('events') || kinds.has('status')) void queryClient.invalidateQueries({ queryKey: queryKeys.vclusterPart(change.tenant, change.name, 'events') });
      }
    });
    return () => source.close();
  }, [queryClient]);
}
