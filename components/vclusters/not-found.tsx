import { ButtonLink } from '@/components/ui/button';
import { SearchIcon } from '@/components/ui/icons';

/** The same answer for a vCluster that does not exist and one of another tenant: the API cannot tell them apart either. */
export function VClusterNotFound({ tenant, name }: { tenant: string; name: string }) {
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center py-16 text-center">
      <div className="rounded-full bg-slate-100 p-3 text-slate-500 dark:bg-slate-800 dark:text-slate-400">
        <SearchIcon className="size-6" />
      </div>
      <p className="mt-4 text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">vCluster not found</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        There is no vCluster <span className="font-mono">{name}</span> in tenant <span className="font-mono">{tenant}</span> that you can see. It may have been deleted,
        or it belongs to a tenant you are not a member of.
      </p>
      <ButtonLink href="/" className="mt-6">
        Back to my vClusters
      </ButtonLink>
    </div>
  );
}
