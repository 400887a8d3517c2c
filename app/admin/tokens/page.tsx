import type { Metadata } from 'next';
import { adminGate } from '../admin-gate';
import { AdminTokensClient } from './client';

export const metadata: Metadata = { title: 'API tokens · Admin' };

export default async function AdminTokensPage() {
  const denied = await adminGate('/admin/tokens');
  if (denied) return denied;
  return <AdminTokensClient />;
}
