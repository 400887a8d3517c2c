import type { Metadata } from 'next';
import { requireUser } from './session';
import { VClustersClient } from './client';

export const metadata: Metadata = { title: 'My vClusters' };

export default async function VClustersPage() {
  await requireUser('/');
  return <VClustersClient />;
}
