// One error type for every failed call to a Kubernetes API server, carrying what a caller needs
// to decide (status, reason) and to explain (kind, namespace, name).

export interface ObjectRef {
  kind?: string;
  namespace?: string;
  name?: string;
}

export class KubeError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly ref: ObjectRef;

  constructor(status: number, reason: string, message: string, ref: ObjectRef = {}) {
    super(message);
    this.name = 'KubeError';
    this.status = status;
    this.reason = reason;
    this.ref = ref;
  }

  get notFound(): boolean {
    return this.status === 404;
  }

  get conflict(): boolean {
    return this.status === 409;
  }

  /** 401 and 403 are answers, not glitches: retrying them only repeats the refusal. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

interface StatusBody {
  kind?: string;
  reason?: string;
  message?: string;
  details?: { kind?: string; name?: string };
}

/** Builds a KubeError from an HTTP status and the API server's Status body (if any). */
export function kubeErrorFrom(status: number, body: unknown, ref: ObjectRef): KubeError {
  const parsed = (typeof body === 'object' && body !== null ? body : {}) as StatusBody;
  const reason = parsed.reason ?? (status === 0 ? 'Unreachable' : `HTTP${status}`);
  const fullRef: ObjectRef = {
    kind: ref.kind ?? parsed.details?.kind,
    namespace: ref.namespace,
    name: ref.name ?? parsed.details?.name,
  };
  const what = [fullRef.kind, fullRef.namespace && `${fullRef.namespace}/`, fullRef.name].filter(Boolean).join(' ');
  const message = parsed.message ?? (typeof body === 'string' && body ? body : `request failed with status ${status}`);
  return new KubeError(status, reason, what ? `${what}: ${message}` : message, fullRef);
}

export function isKubeError(error: unknown, status?: number): error is KubeError {
  return error instanceof KubeError && (status === undefined || error.status === status);
}
