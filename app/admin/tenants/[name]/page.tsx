import type { Metadata } from 'next';
import { adminGate } from '../../admin-gate';
import { TenantDetailClient } from './client';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · Admin` };
}

export default async function TenantPage({ params }: Props) {
  const { name } = await params;
  const denied = await adminGate(`/admin/tenants/${name}`);
  if (denied) return denied;
  return <TenantDetailClient name={name} />;
}
