/**
 * The frame every page shares: a skip link, the navigation for the reader's role, the main
 * landmark, and one stylesheet that also sets how a page prints. Templates are eta strings kept
 * in code (the build compiles TypeScript only), escaped by default.
 */
import { Eta } from "eta";

export const eta = new Eta({ autoEscape: true, autoTrim: false });

// Each template compiled once: eta's renderString compiles on every call, and a profile page
// renders one template per item. The templates are constants in code, so this holds a few dozen.
const compiled = new Map<string, ReturnType<Eta["compile"]>>();

/** Renders an eta template string with data; values are HTML-escaped unless written with `<%~`. */
export function render(template: string, data: object): string {
  let templateFn = compiled.get(template);
  if (!templateFn) {
    templateFn = eta.compile(template, { async: false });
    compiled.set(template, templateFn);
  }
  return eta.render(templateFn, data);
}

export const STYLESHEET_PATH = "/assets/style.css";

/** Who reads the page, as the frame needs them. */
export interface PageUser {
  name: string;
  role: string;
  /** The roster record of a mentor or a faculty member. */
  facultyId?: string | null;
}

interface NavLink {
  href: string;
  label: string;
}

/** The navigation for each role: the pages it may open, nothing else. */
export function navigationFor(user: PageUser): NavLink[] {
  const home = { href: "/", label: "Home" };
  switch (user.role) {
    case "admin":
      return [
        home,
        { href: "/faculty", label: "Faculty" },
        { href: "/review", label: "Review queue" },
        { href: "/runs", label: "Harvest runs" },
        { href: "/reports/windows", label: "Cohort report" },
        { href: "/reports/program", label: "Program report" },
        { href: "/admin/queues", label: "Queues" },
        { href: "/api/docs", label: "API" },
      ];
    case "mentor":
      return [home, { href: "/mentor", label: "My mentees" }, { href: "/faculty", label: "Faculty" }];
    case "committee":
      return [home, { href: "/faculty", label: "Candidates" }];
    case "faculty":
      return [
        home,
        ...(user.facultyId
          ? [{ href: `/faculty/${encodeURIComponent(user.facultyId)}`, label: "My profile" }]
          : []),
        { href: "/review", label: "My pending papers" },
      ];
    default:
      return [home];
  }
}

/** Links are marked current for their own page and the pages under them (not Home for everything). */
function isCurrent(href: string, path: string): boolean {
  if (href === "/") return path === "/";
  return path === href || path.startsWith(`${href}/`);
}

const LAYOUT = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.title %> · ScholarTrack</title>
<link rel="stylesheet" href="<%= it.stylesheet %>">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site">
  <p class="brand"><a href="/">ScholarTrack</a></p>
  <% if (it.user) { %>
  <nav aria-label="Main">
    <ul>
    <% it.nav.forEach(function (link) { %>
      <li><a href="<%= link.href %>"<% if (link.current) { %> aria-current="page"<% } %>><%= link.label %></a></li>
    <% }) %>
    </ul>
  </nav>
  <form class="sign-out" method="post" action="/sign-out">
    <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
    <span class="who"><%= it.user.name %> (<%= it.user.role %>)</span>
    <button type="submit" class="secondary">Sign out</button>
  </form>
  <% } %>
</header>
<main id="main" tabindex="-1">
<% if (it.flash) { %><p class="flash" role="status"><%= it.flash %></p><% } %>
<%~ it.body %>
</main>
<footer class="site"><p>ScholarTrack · printed <%= it.printedAt %></p></footer>
</body>
</html>`;

export interface PageOptions {
  title: string;
  /** Rendered HTML of the page's content. */
  body: string;
  user: PageUser | null;
  csrfToken: string;
  /** The request's path, to mark the current navigation link. */
  path?: string;
  /** A one-line message about what the last form did. */
  flash?: string | null;
}

export function renderPage(options: PageOptions): string {
  const path = options.path ?? "";
  const nav = options.user
    ? navigationFor(options.user).map((link) => ({ ...link, current: isCurrent(link.href, path) }))
    : [];
  return render(LAYOUT, {
    title: options.title,
    body: options.body,
    user: options.user,
    csrfToken: options.csrfToken,
    nav,
    flash: options.flash ?? null,
    stylesheet: STYLESHEET_PATH,
    printedAt: new Date().toISOString().slice(0, 10),
  });
}

/**
 * One stylesheet for every page. Colours keep at least 4.5:1 against their background; focus is
 * always visible; printing drops navigation and forms and keeps tables and charts.
 */
export const STYLESHEET = `
:root { --ink: #111; --muted: #444; --link: #0645ad; --line: #bbb; --accent: #0645ad; --ok: #0b6b2a; --bad: #a00000; --bg-soft: #f3f5f8; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; margin: 0; }
header.site, main, footer.site { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header.site { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; border-bottom: 1px solid var(--line); padding-top: 0.5rem; padding-bottom: 0.5rem; }
header.site .brand { margin: 0; font-weight: 700; }
header.site nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0; padding: 0; }
header.site nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
header.site .sign-out { margin-left: auto; display: flex; gap: 0.5rem; align-items: center; }
header.site .sign-out button { margin: 0; }
main { padding-top: 1rem; padding-bottom: 2rem; }
main:focus { outline: none; }
footer.site { color: var(--muted); border-top: 1px solid var(--line); font-size: 0.875rem; }
a { color: var(--link); }
.skip-link { position: absolute; left: -999px; top: 0; background: #fff; padding: 0.5rem 1rem; z-index: 10; }
.skip-link:focus { left: 0.5rem; }
:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
h1 { font-size: 1.75rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; }
label { font-weight: 600; }
.field { margin: 0.5rem 0; }
.field label { display: block; }
.field input[type="email"], .field input[type="password"] { width: 100%; max-width: 24rem; }
.alternative { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid var(--line); }
input, select, textarea { font: inherit; padding: 0.35rem; border: 1px solid #555; border-radius: 3px; max-width: 100%; }
input[type="checkbox"] { width: 1.1rem; height: 1.1rem; }
button, a.button { font: inherit; display: inline-block; text-decoration: none; margin: 0.5rem 0.25rem 0.5rem 0; padding: 0.35rem 0.9rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 3px; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.reject { background: #fff; color: var(--bad); border-color: var(--bad); }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; background: var(--bg-soft); padding: 0.5rem 1rem; border-radius: 4px; }
.filters .field { margin: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { text-align: left; padding: 0.3rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th[scope="col"] { border-bottom: 2px solid var(--ink); }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; max-width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
.muted { color: var(--muted); }
.error { color: var(--bad); font-weight: 600; }
.ok { color: var(--ok); font-weight: 600; }
.flash { background: #e7f3ea; border-left: 4px solid var(--ok); padding: 0.5rem 1rem; }
.attention { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 1rem; }
.attention li { border: 1px solid var(--line); border-radius: 4px; padding: 0.75rem 1rem; }
.attention .count { display: block; font-size: 2rem; font-weight: 700; }
.item { border-bottom: 1px solid var(--line); padding: 0.5rem 0; }
.item .title { font-weight: 600; }
.pending { border: 1px solid var(--line); border-radius: 4px; padding: 0.5rem 1rem; margin: 0.75rem 0; display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1rem; }
.pending .decide textarea { width: 100%; }
details > summary { cursor: pointer; color: var(--link); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; padding: 0; margin: 0.25rem 0; }
.swatch { display: inline-block; width: 0.9rem; height: 0.9rem; vertical-align: middle; margin-right: 0.3rem; border: 1px solid #333; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
pre { white-space: pre-wrap; background: var(--bg-soft); padding: 0.5rem; }
@media (max-width: 40rem) { .pending { grid-template-columns: 1fr; } }
@media print {
  header.site nav, header.site .sign-out, .skip-link, form, button, a.button, .no-print { display: none !important; }
  body { font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  details { display: block; }
  details > * { display: block; }
  .pending { grid-template-columns: 1fr; break-inside: avoid; }
  table, figure.chart { break-inside: avoid; }
  .table-wrap { overflow: visible; }
}
`;
