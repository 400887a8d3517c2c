import type { Metadata } from 'next';
import { adminGate } from '../admin-gate';
import { AuditClient } from './client';

export const metadata: Metadata = { title: 'Audit trail · Admin' };

export default async function AuditPage() {
  const denied = await adminGate('/admin/audit');
  if (denied) return denied;
  return <AuditClient />;
}
