'use client';
import type { ApiTokenInfo } from '@/lib/client/api-types';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import { TokenCells, TokenHeaderCells } from './token-cells';

/** A token as admins see it: whose it is, never its secret. */
export interface OwnedToken extends ApiTokenInfo {
  user: string;
  provider: string;
}

export function AllTokensTable({ tokens, onRevoke }: { tokens: OwnedToken[]; onRevoke: (token: OwnedToken) => void }) {
  return (
    <Table label="Everybody's API tokens">
      <THead>
        <Th>User</Th>
        <TokenHeaderCells />
      </THead>
      <TBody>
        {tokens.map((t) => (
          <tr key={t.id} data-token={t.name} data-user={t.user}>
            <Td className="break-all">
              {t.user}
              <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">{t.provider === 'oidc' ? 'single sign-on' : t.provider === 'local' ? 'local' : t.provider || 'unknown'}</span>
            </Td>
            <TokenCells token={t} revokeLabel={`${t.name} of ${t.user}`} onRevoke={() => onRevoke(t)} />
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
