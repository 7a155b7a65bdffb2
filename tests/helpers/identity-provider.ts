import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on a free local port, with its development
 * sign-in form: any login name signs in as the account of that name given here.
 */
export async function startIdentityProvider(
  redirectUri: string,
  accounts: Record<string, ProviderAccount>,
): Promise<TestIdentityProvider> {
  // Listening first: the provider must know its own address (the issuer) when it is made.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "scholartrack";
  const clientSecret = "a client secret for the test provider";

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    pkce: { required: () => true },
    ttl: {
      Interaction: 600,
      Session: 600,
      Grant: 600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["a cookie key for the test provider"] },
    features: { devInteractions: { enabled: true } },
    findAccount: (_context, accountId) => {
      const account = accounts[accountId];
      if (!account) return undefined;
      return {
        accountId,
        claims: () => ({ sub: accountId, ...account }),
      };
    },
  });
  const handle = provider.callback();
  server.on(
    "request",
    (request: IncomingMessage, response: ServerResponse) => void handle(request, response),
  );
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
