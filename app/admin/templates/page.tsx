import type { Metadata } from 'next';
import { adminGate } from '../admin-gate';
import { TemplatesClient } from './client';

export const metadata: Metadata = { title: 'Templates · Admin' };

export default async function TemplatesPage() {
  const denied = await adminGate('/admin/templates');
  if (denied) return denied;
  return <TemplatesClient />;
}
