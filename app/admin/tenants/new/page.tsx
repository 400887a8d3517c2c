import type { Metadata } from 'next';
import { adminGate } from '../../admin-gate';
import { NewTenantClient } from './client';

export const metadata: Metadata = { title: 'New tenant · Admin' };

export default async function NewTenantPage() {
  const denied = await adminGate('/admin/tenants/new');
  if (denied) return denied;
  return <NewTenantClient />;
}
