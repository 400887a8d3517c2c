import type { Metadata } from 'next';
import { requireUser } from '../session';
import { TokensClient } from './client';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  await requireUser('/tokens');
  return <TokensClient />;
}
