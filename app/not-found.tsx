import { buttonClasses } from '@/components/ui/button';

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">There is nothing at this address.</p>
      {/* A plain link: next/link would make this page, which every page loads as its not-found
          boundary, carry a second copy of the link code (about 3 KiB) in a chunk of its own. */}
      <a href="/" className={buttonClasses('primary', 'md', 'mt-6')}>
        Back to my vClusters
      </a>
    </main>
  );
}
