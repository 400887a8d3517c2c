'use client';
import type { ApiTokenInfo } from '@/lib/client/api-types';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TBody, THead } from '@/components/ui/table';
import { TokenCells, TokenScope, TokenHeaderCells } from './token-cells';
import { formatDate } from '@/components/ui/time';

export function TokenList({ tokens, onRevoke }: { tokens: ApiTokenInfo[]; onRevoke: (token: ApiTokenInfo) => void }) {
  return (
    <>
      <div className="hidden sm:block">
        <Table label="API tokens">
          <THead>
            <TokenHeaderCells />
          </THead>
          <TBody>
            {tokens.map((t) => (
              <tr key={t.id} data-token={t.name}>
                <TokenCells token={t} revokeLabel={t.name} onRevoke={() => onRevoke(t)} />
              </tr>
            ))}
          </TBody>
        </Table>
      </div>
      <ul className="divide-y divide-slate-200 sm:hidden dark:divide-slate-800" aria-label="API tokens">
        {tokens.map((t) => (
          <li key={t.id} data-token={t.name} className="flex items-start justify-between gap-3 px-4 py-3">
            <div className="min-w-0 text-sm">
              <p className="truncate font-medium">{t.name}</p>
              <TokenScope token={t} />
              <p className="text-xs text-slate-600 dark:text-slate-400">
                Expires {formatDate(t.expiresAt)} {t.expired && <Badge tone="red">Expired</Badge>}
              </p>
              <p className="text-xs text-slate-600 dark:text-slate-400">Last used {t.lastUsedAt ? formatDate(t.lastUsedAt) : 'never'}</p>
            </div>
            <Button variant="ghost" size="sm" className="text-red-700 dark:text-red-400" onClick={() => onRevoke(t)}>
              Revoke<span className="sr-only"> {t.name}</span>
            </Button>
          </li>
        ))}
      </ul>
    </>
  );
}
