// The browser's one way to call Cubby's API: same-origin JSON, errors as ApiFetchError with the
// API's stable code and message (shown to users as is: they say what to do).

export class ApiFetchError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiFetchError';
  }
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    credentials: 'same-origin',
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    throw new ApiFetchError(res.status, error?.code ?? 'error', error?.message ?? `request failed (${res.status})`, error?.details);
  }
  return body as T;
}

/** 401/403/404 are answers: retrying cannot change them. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiFetchError && [400, 401, 403, 404, 409].includes(error.status)) return false;
  return failureCount < 2;
}
