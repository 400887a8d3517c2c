// The route a request matched, as a template for metrics and logs: each path segment that is a
// route parameter's value becomes `[name]`, so `/api/vclusters/tenant-a/dev` counts as
// `/api/vclusters/[tenant]/[name]` and labels stay bounded.
export function routeTemplate(pathname: string, params: Record<string, unknown> | undefined): string {
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params ?? {})) {
    if (typeof value === 'string' && value) byValue.set(value, name);
  }
  return pathname
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // Not valid percent-encoding: compare as it came.
      }
      const name = byValue.get(decoded);
      return name ? `[${name}]` : segment;
    })
    .join('/');
}
