import type { Metadata } from 'next';
import { adminGate } from '../../admin-gate';
import { NewTemplateClient } from './client';

export const metadata: Metadata = { title: 'New template · Admin' };

export default async function NewTemplatePage() {
  const denied = await adminGate('/admin/templates/new');
  if (denied) return denied;
  return <NewTemplateClient />;
}
