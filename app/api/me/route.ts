import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { meView } from '@/lib/api/catalog-views';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('signed-in', async ({ caller, admin }) => meView(await readyCache(), caller, admin));
