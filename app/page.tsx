export default function HomePage() {
  return (
    <main className="mx-auto max-w-3xl p-8">
      <h1 className="text-2xl font-semibold">Cubby</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        Self-service virtual Kubernetes clusters on a shared host.
      </p>
    </main>
  );
}
