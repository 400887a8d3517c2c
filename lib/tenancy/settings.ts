// Tenancy settings from the environment, validated once with zod so a typo fails at start-up
// rather than on the first request that needs it.
import { isIP } from 'node:net';
import { z } from 'zod';

export const DEFAULT_ADMIN_GROUP = 'cubby:admins';
export const DEFAULT_CUBBY_NAMESPACE = 'cubby-system';

const TenancyEnv = z.object({
  /** Members of this group are admins (see authorization.ts). */
  CUBBY_ADMIN_GROUP: z.string().trim().min(1).default(DEFAULT_ADMIN_GROUP),
  /** Where audit records and API tokens live. */
  CUBBY_NAMESPACE: z
    .string()
    .trim()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name (DNS-1123 label)')
    .max(63)
    .default(DEFAULT_CUBBY_NAMESPACE),
});

export interface TenancySettings {
  adminGroup: string;
  namespace: string;
}

export function tenancySettings(env: Record<string, string | undefined> = process.env): TenancySettings {
  const parsed = TenancyEnv.safeParse({
    // An empty variable means "unset", as in most deployment tools.
    CUBBY_ADMIN_GROUP: env.CUBBY_ADMIN_GROUP || undefined,
    CUBBY_NAMESPACE: env.CUBBY_NAMESPACE || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid tenancy setting ${issue.path.join('.')}: ${issue.message}`);
  }
  return { adminGroup: parsed.data.CUBBY_ADMIN_GROUP, namespace: parsed.data.CUBBY_NAMESPACE };
}

export function adminGroupFromEnv(env?: Record<string, string | undefined>): string {
  return tenancySettings(env).adminGroup;
}

export function cubbyNamespace(env?: Record<string, string | undefined>): string {
  return tenancySettings(env).namespace;
}

// --- Sign-in and credentials -------------------------------------------------------------------

export const DEFAULT_SESSION_HOURS = 8;
export const DEFAULT_SSO_TOKEN_IDLE_DAYS = 30;
export const DEFAULT_SIGNIN_FAILURES_PER_ACCOUNT = 5;
export const DEFAULT_SIGNIN_FAILURES_PER_ADDRESS = 20;
export const DEFAULT_SIGNIN_WINDOW_MINUTES = 15;

/** A number from the environment; empty means unset. */
const envNumber = (min: number, max: number, fallback: number, unit: string) =>
  z.coerce
    .number(`must be a number of ${unit}`)
    .min(min, `must be at least ${min} ${unit}`)
    .max(max, `must be at most ${max} ${unit}`)
    .default(fallback);

/** One address or a CIDR range, IPv4 or IPv6, as node:net understands them. */
const proxyRange = z.string().refine((value) => parseProxyRange(value) !== undefined, {
  error: (issue) => `'${String(issue.input)}' is not an IP address or CIDR range (e.g. 10.0.0.0/8, ::1)`,
});

const AuthEnv = z.object({
  /** How long a browser session lasts after sign-in. */
  CUBBY_SESSION_HOURS: envNumber(0.1, 24 * 30, DEFAULT_SESSION_HOURS, 'hours'),
  /** A single sign-on user's API tokens stop working this long after their latest sign-in. */
  CUBBY_SSO_TOKEN_IDLE_DAYS: envNumber(1, 365, DEFAULT_SSO_TOKEN_IDLE_DAYS, 'days'),
  /** Reverse proxies whose X-Forwarded-For/-Host/-Proto headers count; none by default. */
  CUBBY_TRUSTED_PROXIES: z.array(proxyRange).max(100).default([]),
  /** Failed sign-ins one account name may have per window before it must wait. */
  CUBBY_SIGNIN_FAILURES_PER_ACCOUNT: envNumber(1, 1000, DEFAULT_SIGNIN_FAILURES_PER_ACCOUNT, 'attempts').pipe(z.int('must be a whole number')),
  /** Failed sign-ins one client address may have per window (any account names). */
  CUBBY_SIGNIN_FAILURES_PER_ADDRESS: envNumber(1, 100_000, DEFAULT_SIGNIN_FAILURES_PER_ADDRESS, 'attempts').pipe(z.int('must be a whole number')),
  CUBBY_SIGNIN_WINDOW_MINUTES: envNumber(1, 24 * 60, DEFAULT_SIGNIN_WINDOW_MINUTES, 'minutes'),
});

export interface ProxyRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8`, `::1` (a single address is its own /32 or /128); undefined when malformed. */
export function parseProxyRange(value: string): ProxyRange | undefined {
  const [address = '', prefixText, extra] = value.trim().split('/');
  if (extra !== undefined) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { address, prefix, family };
}

export interface AuthSettings {
  sessionMaxAgeSeconds: number;
  ssoTokenIdleMs: number;
  trustedProxies: ProxyRange[];
  signIn: { failuresPerAccount: number; failuresPerAddress: number; windowSeconds: number };
}

const list = (value: string | undefined): string[] | undefined =>
  value ? value.split(',').map((item) => item.trim()).filter(Boolean) : undefined;

export function authSettings(env: Record<string, string | undefined> = process.env): AuthSettings {
  const parsed = AuthEnv.safeParse({
    CUBBY_SESSION_HOURS: env.CUBBY_SESSION_HOURS || undefined,
    CUBBY_SSO_TOKEN_IDLE_DAYS: env.CUBBY_SSO_TOKEN_IDLE_DAYS || undefined,
    CUBBY_TRUSTED_PROXIES: list(env.CUBBY_TRUSTED_PROXIES),
    CUBBY_SIGNIN_FAILURES_PER_ACCOUNT: env.CUBBY_SIGNIN_FAILURES_PER_ACCOUNT || undefined,
    CUBBY_SIGNIN_FAILURES_PER_ADDRESS: env.CUBBY_SIGNIN_FAILURES_PER_ADDRESS || undefined,
    CUBBY_SIGNIN_WINDOW_MINUTES: env.CUBBY_SIGNIN_WINDOW_MINUTES || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid setting ${String(issue.path[0])}: ${issue.message}`);
  }
  const data = parsed.data;
  return {
    sessionMaxAgeSeconds: Math.round(data.CUBBY_SESSION_HOURS * 3600),
    ssoTokenIdleMs: Math.round(data.CUBBY_SSO_TOKEN_IDLE_DAYS * 86_400_000),
    trustedProxies: data.CUBBY_TRUSTED_PROXIES.map((value) => parseProxyRange(value)!),
    signIn: {
      failuresPerAccount: data.CUBBY_SIGNIN_FAILURES_PER_ACCOUNT,
      failuresPerAddress: data.CUBBY_SIGNIN_FAILURES_PER_ADDRESS,
      windowSeconds: Math.round(data.CUBBY_SIGNIN_WINDOW_MINUTES * 60),
    },
  };
}
