import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { changeStream } from '@/lib/api/change-stream';
import { getChangeFeed } from '@/lib/vcluster/change-feed';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('signed-in', async ({ caller, admin, request }) =>
  changeStream(await readyCache(), getChangeFeed(), caller, admin, request.signal),
);
