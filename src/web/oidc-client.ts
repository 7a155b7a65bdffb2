import * as oidc from "openid-client";
import type { OidcSettings } from "../config/env.ts";

/** What the sign-in must remember between leaving for the provider and coming back. */
export interface PendingOidcSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The authorization code flow with PKCE against the university's identity provider (openid-client). */
export class OidcClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  /** The provider's metadata, fetched once; a failed fetch is tried again at the next sign-in. */
  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        this.settings.issuer,
        this.settings.clientId,
        undefined,
        clientSecretAuthentication(this.settings.clientSecret),
        // Plain http is accepted by the configuration for a provider on this machine only.
        this.settings.issuer.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  /** Where to send the browser, and the checks to keep in the session until it comes back. */
  async start(): Promise<{ url: string; pending: PendingOidcSignIn }> {
    const configuration = await this.discover();
    const pending: PendingOidcSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: "openid email profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Checks the provider's answer (state, code, PKCE, the ID token's signature, audience and nonce)
   * and gives the user's claims: the ID token's, with the e-mail address from the UserInfo
   * endpoint when the ID token leaves it out (as many providers do when an access token is issued).
   * Throws when any check fails.
   */
  async finish(query: string, pending: PendingOidcSignIn): Promise<oidc.IDToken | oidc.UserInfoResponse> {
    const configuration = await this.discover();
    const tokens = await oidc.authorizationCodeGrant(
      configuration,
      new URL(`${this.settings.redirectUri}?${query}`),
      {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      },
    );
    const claims = tokens.claims();
    if (!claims) throw new Error("the identity provider sent no ID token");
    if (claims.email !== undefined) return claims;
    // The UserInfo answer must be about the ID token's subject; openid-client checks it.
    return oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
  }
}

/**
 * The client secret sent as the provider's metadata says: HTTP Basic, the standard's default, unless
 * the provider lists only the form-post method.
 */
function clientSecretAuthentication(secret: string): oidc.ClientAuth {
  const basic = oidc.ClientSecretBasic(secret);
  const post = oidc.ClientSecretPost(secret);
  return (server, client, body, headers) => {
    const supported = server.token_endpoint_auth_methods_supported;
    const method = supported === undefined || supported.includes("client_secret_basic") ? basic : post;
    return method(server, client, body, headers);
  };
}
