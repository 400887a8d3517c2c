// The sandbox's OpenID Connect provider: the certified `oidc-provider` package, configured for
// one confidential client (Cubby) and the users in the sandbox directory. Everything Cubby meets
// here is what a real provider sends: discovery, authorization code with PKCE, an ID token with
// a `groups` claim, refresh tokens, and RP-initiated logout. Only the login page is ours.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type AdapterPayload, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
// The package's own in-memory store, for everything but the client (sessions, codes, tokens).
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import { readClient, readUsers } from './directory';

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
}

/** Reads the client from the directory on every lookup, so newly registered redirect URLs count at once. */
function adapterFor(dir: string) {
  return class DirectoryAdapter extends MemoryAdapter {
    constructor(private readonly modelName: string) {
      super(modelName);
    }

    override async find(id: string): Promise<AdapterPayload | void | undefined> {
      if (this.modelName !== 'Client') return super.find(id);
      const client = readClient(dir);
      if (!client || client.clientId !== id) return undefined;
      return {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        post_logout_redirect_uris: client.postLogoutRedirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      };
    }
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The provider's own sign-out confirmation, submitted at once: the user already chose to sign out in Cubby. */
function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  ctx.type = 'html';
  ctx.body = `<!doctype html><html><head><title>Signing out</title></head><body>
<p>Signing you out of the sandbox identity provider...</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" id="confirm">Sign out</button>
<script>document.getElementById('confirm').click()</script></body></html>`;
}

export function createProvider(dir: string, issuer: string): Provider {
  const configuration: Configuration = {
    adapter: adapterFor(dir) as unknown as Configuration['adapter'],
    async findAccount(_ctx, id) {
      const user = readUsers(dir).find((u) => u.username === id);
      if (!user) return undefined;
      return {
        accountId: id,
        // Read again for every token: a group change shows in the next sign-in or refresh.
        async claims() {
          const current = readUsers(dir).find((u) => u.username === id) ?? user;
          return { sub: id, preferred_username: id, name: current.name, email: current.email, email_verified: true, groups: current.groups };
        },
      };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'], groups: ['groups'] },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'groups'],
    // Put the requested claims in the ID token too: many clients (next-auth among them) read only it.
    conformIdTokenClaims: false,
    jwks: { keys: [signingKey()] as never },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // A refresh token also for clients that do not ask for offline_access, as most enterprise
    // providers do for confidential web clients.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: { Session: 8 * 60 * 60, Interaction: 10 * 60, AccessToken: 10 * 60, IdToken: 10 * 60, RefreshToken: 24 * 60 * 60 },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html><body><h1>Sign-in error</h1><pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre></body></html>`;
    },
  };
  return new Provider(issuer, configuration);
}
