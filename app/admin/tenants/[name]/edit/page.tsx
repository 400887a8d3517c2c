import type { Metadata } from 'next';
import { adminGate } from '../../../admin-gate';
import { EditTenantClient } from './client';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Edit ${(await params).name} · Admin` };
}

export default async function EditTenantPage({ params }: Props) {
  const { name } = await params;
  const denied = await adminGate(`/admin/tenants/${name}/edit`);
  if (denied) return denied;
  return <EditTenantClient name={name} />;
}
