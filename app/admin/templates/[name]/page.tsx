import type { Metadata } from 'next';
import { adminGate } from '../../admin-gate';
import { EditTemplateClient } from './client';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Template ${(await params).name} · Admin` };
}

export default async function EditTemplatePage({ params }: Props) {
  const { name } = await params;
  const denied = await adminGate(`/admin/templates/${name}`);
  if (denied) return denied;
  return <EditTemplateClient name={name} />;
}
