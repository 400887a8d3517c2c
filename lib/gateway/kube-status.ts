// The gateway answers its own refusals the way a Kubernetes API server does, as a Status object,
// so kubectl prints the message ("error: You must be logged in to the server (Unauthorized)").
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export type StatusReason = 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'Conflict' | 'TooManyRequests' | 'InternalError' | 'ServiceUnavailable' | 'BadGateway';

export interface GatewayRefusal {
  code: number;
  reason: StatusReason;
  message: string;
  /** Seconds, for 503 and 429. */
  retryAfter?: number;
}

export function statusBody(refusal: GatewayRefusal): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: refusal.message,
    reason: refusal.reason,
    ...(refusal.retryAfter !== undefined ? { details: { retryAfterSeconds: refusal.retryAfter } } : {}),
    code: refusal.code,
  });
}

function refusalHeaders(refusal: GatewayRefusal, body: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  };
  if (refusal.retryAfter !== undefined) headers['Retry-After'] = String(refusal.retryAfter);
  if (refusal.code === 401) headers['WWW-Authenticate'] = 'Bearer realm="cubby"';
  return headers;
}

export function writeRefusal(res: ServerResponse, refusal: GatewayRefusal): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = statusBody(refusal);
  res.writeHead(refusal.code, refusalHeaders(refusal, body));
  res.end(body);
}

/** The same answer on a connection that asked to be upgraded and will not be. */
export function writeRefusalOnSocket(socket: Duplex, refusal: GatewayRefusal): void {
  const body = statusBody(refusal);
  const headers = { ...refusalHeaders(refusal, body), Connection: 'close' };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${refusal.code} ${refusal.reason}\r\n${head}\r\n${body}`);
}

export const refusals = {
  unauthorized: (message = 'Cubby needs a kubeconfig credential or an API token (Authorization: Bearer).'): GatewayRefusal => ({ code: 401, reason: 'Unauthorized', message }),
  notFound: (message: string): GatewayRefusal => ({ code: 404, reason: 'NotFound', message }),
  forbidden: (message: string): GatewayRefusal => ({ code: 403, reason: 'Forbidden', message }),
  badRequest: (message: string): GatewayRefusal => ({ code: 400, reason: 'BadRequest', message }),
  unavailable: (message: string, retryAfter = 5): GatewayRefusal => ({ code: 503, reason: 'ServiceUnavailable', message, retryAfter }),
  badGateway: (message: string): GatewayRefusal => ({ code: 502, reason: 'BadGateway', message }),
};
