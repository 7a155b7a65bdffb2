import type { ReviewQueueRow } from "../../services/review.ts";
import { facultyHref } from "./format.ts";
import { render } from "./layout.ts";

const REVIEW = `<h1><%= it.heading %></h1>
<p>Links awaiting a decision, most uncertain first: the nearer a score is to the middle of the review band (<%= it.thresholds.reject %> to <%= it.thresholds.accept %>), the less the evidence says either way.</p>
<% if (it.people === null) { %>
<form method="get" action="/review" class="filters" aria-label="Filter by person">
  <div class="field">
    <label for="filter-person">Person (name or faculty id)</label>
    <input id="filter-person" name="person" type="search" value="<%= it.person || it.faculty || "" %>" aria-describedby="filter-person-hint">
    <span id="filter-person-hint" class="muted">Part of a name is enough.</span>
  </div>
  <div><button type="submit">Show</button> <a href="/review">Clear</a></div>
</form>
<% if (it.matches) { %>
<% if (it.matches.people.length === 0) { %><p role="status">No one you can see matches “<%= it.person %>”; the whole queue is shown.</p>
<% } else { %><p role="status">Several people match “<%= it.person %>”; choose one<% if (it.matches.more) { %> (the first <%= it.matches.people.length %> are listed; type more of the name to narrow them)<% } %>:</p>
<ul class="matches"><% it.matches.people.forEach(function (person) { %><li><a href="/review?faculty=<%= encodeURIComponent(person.id) %>"><%= person.name %> (<%= person.id %>)</a></li><% }) %></ul>
<% } %>
<% } %>
<% } else if (it.people.length > 1) { %>
<form method="get" action="/review" class="filters" aria-label="Filter by person">
  <div class="field">
    <label for="filter-faculty">Person</label>
    <select id="filter-faculty" name="faculty">
      <option value="">everyone</option>
      <% it.people.forEach(function (person) { %><option value="<%= person.id %>"<% if (person.id === it.faculty) { %> selected<% } %>><%= person.name %> (<%= person.id %>)</option><% }) %>
    </select>
  </div>
  <div><button type="submit">Show</button> <a href="/review">Clear</a></div>
</form>
<% } %>
<p role="status"><%= it.total %> <%= it.total === 1 ? "link awaits" : "links await" %> a decision<% if (it.total > it.rows.length) { %>; the <%= it.rows.length %> most uncertain are shown<% } %>.</p>
<% if (it.rows.length > 0) { %>
<form method="post" action="/review/decisions">
  <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
  <input type="hidden" name="back" value="<%= it.back %>">
  <table>
    <caption class="visually-hidden">Links awaiting a decision</caption>
    <thead><tr>
      <% if (it.mayDecide) { %><th scope="col"><span class="visually-hidden">Choose</span></th><% } %>
      <th scope="col">Person</th><th scope="col">Item</th><th scope="col" class="number">Score</th><th scope="col">Strongest evidence</th>
    </tr></thead>
    <tbody>
    <% it.rows.forEach(function (row, index) { %>
      <tr>
        <% if (it.mayDecide) { %><td><% if (row.decidable) { %><input type="checkbox" id="link-<%= index %>" name="links" value="<%= row.facultyId %>:<%= row.itemId %>"><% } %></td><% } %>
        <td><a href="<%= it.facultyHref(row.facultyId) %>"><%= row.facultyName %></a> <span class="muted"><%= row.facultyId %></span></td>
        <td><% if (row.decidable) { %><label for="link-<%= index %>" class="title"><%= row.title %></label><% } else { %><span class="title"><%= row.title %></span><% } %><br><span class="muted"><%= row.kind %><%= row.venue ? " · " + row.venue : "" %><%= row.year ? " · " + row.year : "" %><%= row.pmid ? " · PMID " + row.pmid : "" %></span>
          <br><a href="<%= it.facultyHref(row.facultyId) %>#pending-<%= row.itemId %>">Full explanation</a></td>
        <td class="number"><%= row.score === null ? "none" : row.score %></td>
        <td><%= row.strongest || "" %><% if (row.indistinguishableFrom) { %><br><span class="error">Could as well be <%= row.indistinguishableFrom %></span><% } %></td>
      </tr>
    <% }) %>
    </tbody>
  </table>
  <% if (it.mayDecide) { %>
  <div class="field">
    <label for="bulk-note">Note for every chosen link (optional)</label>
    <input id="bulk-note" name="note" type="text" maxlength="2000" size="50">
  </div>
  <button type="submit" name="decision" value="accept">Accept the chosen links</button>
  <button type="submit" name="decision" value="reject" class="reject">Reject the chosen links</button>
  <% } %>
</form>
<% } %>`;

export function reviewBody(options: {
  role: string;
  rows: Array<ReviewQueueRow & { decidable: boolean }>;
  total: number;
  /** The person filter's choices; null when there are too many for a drop-down (a search box instead). */
  people: Array<{ id: string; name: string }> | null;
  faculty: string | undefined;
  /** What was typed in the search box. */
  person: string | undefined;
  /** The people the search matched, when it did not match exactly one. */
  matches: { people: Array<{ id: string; name: string }>; more: boolean } | undefined;
  mayDecide: boolean;
  csrfToken: string;
  back: string;
  thresholds: { accept: number; reject: number };
}): string {
  return render(REVIEW, {
    ...options,
    heading: options.role === "faculty" ? "Your pending papers" : "Review queue",
    facultyHref,
  });
}
