import type { Metadata } from 'next';
import { adminGate } from './admin-gate';
import { AdminOverviewClient } from './client';

export const metadata: Metadata = { title: 'Tenants · Admin' };

export default async function AdminOverviewPage() {
  const denied = await adminGate('/admin');
  if (denied) return denied;
  return <AdminOverviewClient />;
}
