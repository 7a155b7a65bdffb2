/**
 * The server-rendered pages' templates (eta, escaped by default). Kept in code rather than in
 * .eta files so that the build, which compiles TypeScript only, carries them.
 */
import { Eta } from "eta";

const eta = new Eta({ autoEscape: true, autoTrim: false });

const LAYOUT = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.title %> · ScholarTrack</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; color: #111; background: #fff; max-width: 48rem; margin: 0 auto; padding: 1rem; }
  a { color: #0645ad; }
  label { display: block; margin-top: 0.75rem; font-weight: 600; }
  input { display: block; font: inherit; padding: 0.4rem; border: 1px solid #555; border-radius: 3px; width: 100%; max-width: 24rem; }
  button, a.button { font: inherit; display: inline-block; text-decoration: none; margin-top: 1rem; padding: 0.4rem 1rem; border: 1px solid #0645ad; background: #0645ad; color: #fff; border-radius: 3px; cursor: pointer; }
  :focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
  .alternative { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid #ccc; }
  .error { color: #a00000; font-weight: 600; }
  header { display: flex; justify-content: space-between; align-items: center; border-bottom: 1px solid #ccc; margin-bottom: 1rem; }
  @media print { header form, button { display: none; } }
</style>
</head>
<body>
<header>
  <p><a href="/">ScholarTrack</a></p>
  <% if (it.user) { %>
  <form method="post" action="/sign-out">
    <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
    <span><%= it.user.name %> (<%= it.user.role %>)</span>
    <button type="submit">Sign out</button>
  </form>
  <% } %>
</header>
<main>
<%~ it.body %>
</main>
</body>
</html>`;

const SIGN_IN = `<h1>Sign in</h1>
<% if (it.error) { %><p class="error" role="alert"><%= it.error %></p><% } %>
<form method="post" action="/sign-in">
  <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
  <label for="email">E-mail address</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="<%= it.email %>">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
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

const HOME = `<h1>Welcome, <%= it.user.name %></h1>
<p>You are signed in as <%= it.user.role %>. The JSON API is at <a href="/api/docs">/api/docs</a>.</p>`;

export interface PageUser {
  name: string;
  role: string;
}

function page(title: string, body: string, user: PageUser | null, csrfToken: string): string {
  return eta.renderString(LAYOUT, { title, body, user, csrfToken });
}

export function signInPage(options: {
  csrfToken: string;
  error?: string;
  email?: string;
  /** Offer sign-in through the university's identity provider. */
  oidc?: boolean;
}): string {
  const body = eta.renderString(SIGN_IN, {
    error: options.error ?? "",
    email: options.email ?? "",
    csrfToken: options.csrfToken,
    oidc: options.oidc ?? false,
  });
  return page("Sign in", body, null, options.csrfToken);
}

export function homePage(user: PageUser, csrfToken: string): string {
  return page("Home", eta.renderString(HOME, { user }), user, csrfToken);
}

/** Why a sign-in through the identity provider did not let the person in. */
export function signInRefusedPage(message: string): string {
  return page("Sign-in refused", eta.renderString(SIGN_IN_REFUSED, { message }), null, "");
}

/** A page that does not exist, or is outside the reader's scope (the two look the same). */
export function notFoundPage(): string {
  return page("Page not found", NOT_FOUND, null, "");
}
