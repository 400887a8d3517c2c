'use client';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { TrashIcon } from '@/components/ui/icons';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import { formatDate } from '@/components/ui/time';

/** A token as admins see it: whose it is, never its secret. */
export interface OwnedToken {
  id: string;
  name: string;
  user: string;
  provider: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt?: string;
  expired: boolean;
}

export function AllTokensTable({ tokens, onRevoke }: { tokens: OwnedToken[]; onRevoke: (token: OwnedToken) => void }) {
  return (
    <Table label="Everybody's API tokens">
      <THead>
        <Th>User</Th>
        <Th>Name</Th>
        <Th>Created</Th>
        <Th>Expires</Th>
        <Th>Last used</Th>
        <Th>
          <span className="sr-only">Actions</span>
        </Th>
      </THead>
      <TBody>
        {tokens.map((t) => (
          <tr key={t.id} data-token={t.name} data-user={t.user}>
            <Td className="break-all">
              {t.user}
              <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">{t.provider === 'oidc' ? 'single sign-on' : t.provider === 'local' ? 'local' : t.provider || 'unknown'}</span>
            </Td>
            <Td className="font-medium break-all text-slate-900 dark:text-slate-100">{t.name}</Td>
            <Td className="whitespace-nowrap">{formatDate(t.createdAt)}</Td>
            <Td className="whitespace-nowrap">
              {formatDate(t.expiresAt)}
              {t.expired && (
                <Badge tone="red" className="ml-2">
                  Expired
                </Badge>
              )}
            </Td>
            <Td className="whitespace-nowrap">{t.lastUsedAt ? formatDate(t.lastUsedAt) : <span className="text-slate-400">Never</span>}</Td>
            <Td className="text-right">
              <Button variant="ghost" size="sm" className="text-red-700 dark:text-red-400" onClick={() => onRevoke(t)} icon={<TrashIcon className="size-4" />}>
                Revoke<span className="sr-only"> {t.name} of {t.user}</span>
              </Button>
            </Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
