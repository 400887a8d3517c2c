import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { sleepOverview } from '@/lib/api/sleep-mode-actions';

export const dynamic = 'force-dynamic';

/** Per tenant, last 7 days: hours asleep, CPU and memory requests freed (integrated), per day. */
export const GET = apiRoute('admin', async () => ({ items: sleepOverview(await readyCache()) }));
