import type { Metadata } from 'next';
import { requireUser } from '../../session';
import { CreateVClusterClient } from './client';

export const metadata: Metadata = { title: 'Create a vCluster' };

export default async function CreateVClusterPage() {
  await requireUser('/vclusters/new');
  return <CreateVClusterClient />;
}
