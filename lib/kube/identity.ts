/** Who a request is made for: the API server sees it through impersonation headers. */
export interface Identity {
  user: string;
  groups: string[];
}

/** Impersonation headers; groups repeat the header, one value each, as the API server expects. */
export function impersonationHeaders(identity: Identity): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { 'Impersonate-User': identity.user };
  if (identity.groups.length > 0) headers['Impersonate-Group'] = [...identity.groups];
  return headers;
}
