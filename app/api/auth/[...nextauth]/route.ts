import { signInRoute } from '@/lib/auth/sign-in-route';

export const dynamic = 'force-dynamic';

const handler = signInRoute();

export { handler as GET, handler as POST };
