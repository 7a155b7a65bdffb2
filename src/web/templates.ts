/**
 * The server-rendered pages' templates (eta, escaped by default). Kept in code rather than in
 * .eta files so that the build, which compiles TypeScript only, carries them.
 */
import { render as renderTemplate, renderPage, type PageUser } from "./views/layout.ts";

export type { PageUser } from "./views/layout.ts";

const SIGN_IN = `<h1>Sign in</h1>
<% if (it.error) { %><p class="error" role="alert"><%= it.error %></p><% } %>
<form method="post" action="/sign-in">
  <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
  <div class="field">
    <label for="email">E-mail address</label>
    <input id="email" name="email" type="email" autocomplete="username" required value="<%= it.email %>">
  </div>
  <div class="field">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
  </div>
  <div><button type="submit">Sign in</button></div>
</form>
<% if (it.oidc) { %>
<section class="alternative" aria-label="University sign-in">
  <a class="button" href="/auth/oidc">Sign in with your university account</a>
</section>
<% } %>`;

const SIGN_IN_REFUSED = `<h1>Sign-in refused</h1>
<p class="error" role="alert"><%= it.message %></p>
<p><a href="/sign-in">Back to sign-in</a></p>`;

const NOT_FOUND = `<h1>Page not found</h1>
<p>There is no page at this address, or it is not one you can see.</p>
<p><a href="/">Home</a></p>`;

function page(title: string, body: string, user: PageUser | null, csrfToken: string, path?: string): string {
  return renderPage({ title, body, user, csrfToken, ...(path !== undefined ? { path } : {}) });
}

export function signInPage(options: {
  csrfToken: string;
  error?: string;
  email?: string;
  /** Offer sign-in through the university's identity provider. */
  oidc?: boolean;
}): string {
  const body = renderTemplate(SIGN_IN, {
    error: options.error ?? "",
    email: options.email ?? "",
    csrfToken: options.csrfToken,
    oidc: options.oidc ?? false,
  });
  return page("Sign in", body, null, options.csrfToken);
}

/** Why a sign-in through the identity provider did not let the person in. */
export function signInRefusedPage(message: string): string {
  return page("Sign-in refused", renderTemplate(SIGN_IN_REFUSED, { message }), null, "");
}

/** A page that does not exist, or is outside the reader's scope (the two look the same). */
export function notFoundPage(user: PageUser | null = null, csrfToken = ""): string {
  return page("Page not found", NOT_FOUND, user, csrfToken);
}
