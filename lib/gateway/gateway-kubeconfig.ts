import 'server-only';
// The kubeconfig that reaches a vCluster through Cubby's gateway: server
// `https://CUBBY/kube/TENANT/NAME`, user a kubeconfig credential Cubby issued for that vCluster
// alone. Nothing about the vCluster itself (its address, its certificates) is in the file, so it
// works from anywhere Cubby's own address works, and revoking the credential on the tokens page
// ends it. The context is named like the direct download's (the vcluster CLI's scheme), so a
// file from either merges into the same kubeconfig entry.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { singleContextKubeconfig } from '@/lib/vcluster/kubeconfig-export';
import { GATEWAY_PREFIX } from './gateway-path';

export interface GatewaySettings {
  /** Cubby's address as users reach it; CUBBY_GATEWAY_URL, else NEXTAUTH_URL, else the request's origin. */
  baseUrl?: string;
  /** certificate-authority-data for Cubby's address, when its TLS certificate is from a private CA. */
  caData?: string;
}

const GatewayEnv = z.object({
  CUBBY_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional().or(z.literal('')),
  NEXTAUTH_URL: z.string().optional(),
  CUBBY_GATEWAY_CA_FILE: z.string().optional(),
});

function gatewayEnv(env: Record<string, string | undefined>) {
  const parsed = GatewayEnv.safeParse(env);
  if (!parsed.success) throw new Error(`invalid CUBBY_GATEWAY_URL: ${parsed.error.issues[0]?.message ?? 'not an http(s) URL'}`);
  return parsed.data;
}

/** Cubby's configured address alone, without reading the CA file: what a connection view needs. */
export function gatewayBaseUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  const { CUBBY_GATEWAY_URL, NEXTAUTH_URL } = gatewayEnv(env);
  const base = CUBBY_GATEWAY_URL || NEXTAUTH_URL;
  return base ? base.replace(/\/+$/, '') : undefined;
}

export function gatewaySettings(env: Record<string, string | undefined> = process.env): GatewaySettings {
  const settings: GatewaySettings = {};
  const baseUrl = gatewayBaseUrl(env);
  if (baseUrl) settings.baseUrl = baseUrl;
  const { CUBBY_GATEWAY_CA_FILE } = gatewayEnv(env);
  if (CUBBY_GATEWAY_CA_FILE) settings.caData = Buffer.from(readFileSync(CUBBY_GATEWAY_CA_FILE)).toString('base64');
  return settings;
}

export function gatewayServer(baseUrl: string, tenant: string, name: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${GATEWAY_PREFIX}/${tenant}/${name}`;
}

export interface GatewayKubeconfigInput {
  server: string;
  token: string;
  contextName: string;
  caData?: string;
}

export function gatewayKubeconfig(input: GatewayKubeconfigInput): string {
  const cluster: Record<string, string> = { server: input.server };
  if (input.caData) cluster['certificate-authority-data'] = input.caData;
  return singleContextKubeconfig({ contextName: input.contextName, cluster, user: { token: input.token } });
}
