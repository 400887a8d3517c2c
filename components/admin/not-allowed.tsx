import Link from 'next/link';
import { linkClass } from './styles';

/** What a signed-in non-admin sees on an admin URL: no data, and where to go instead. */
export function NotAllowed({ user }: { user: string }) {
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">403</p>
      <h1 className="mt-2 text-2xl font-semibold">Not allowed</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        This page is for Cubby admins. You are signed in as <strong>{user}</strong>, who is not an admin. Ask an admin to add you to the admin group if you need it.
      </p>
      <p className="mt-6">
        <Link href="/" className={linkClass}>
          Go to your vClusters
        </Link>
      </p>
    </div>
  );
}
