import type { FacultyFilter, FacultyChoices, FacultyTableRow } from "../../services/people.ts";
import { render } from "./layout.ts";
import { facultyHref, METRIC_LABELS, REPORT_METRICS } from "./format.ts";

const LIST = `<h1><%= it.heading %></h1>
<form method="get" action="/faculty" class="filters" aria-label="Filter the list">
  <% it.selects.forEach(function (select) { %>
  <div class="field">
    <label for="filter-<%= select.name %>"><%= select.label %></label>
    <select id="filter-<%= select.name %>" name="<%= select.name %>">
      <option value="">any</option>
      <% select.options.forEach(function (option) { %>
      <option value="<%= option.value %>"<% if (option.value === select.current) { %> selected<% } %>><%= option.label %></option>
      <% }) %>
    </select>
  </div>
  <% }) %>
  <div><button type="submit">Filter</button> <a href="/faculty">Clear</a></div>
</form>
<p role="status"><% if (it.rows.length > 0) { %><%= it.first %>–<%= it.last %> of <%= it.matching %> <%= it.matching === 1 ? "person" : "people" %><% if (it.matching < it.total) { %> matching (<%= it.total %> in all)<% } %><% if (it.pages > 1) { %>; page <%= it.page %> of <%= it.pages %><% } %><% } else if (it.matching > 0) { %>No one on page <%= it.page %>: <%= it.matching %> <%= it.matching === 1 ? "person matches" : "people match" %> (<%= it.pages %> <%= it.pages === 1 ? "page" : "pages" %>)<% } else { %>No one matches (<%= it.total %> <%= it.total === 1 ? "person" : "people" %> in all)<% } %>.</p>
<%~ it.pagerAbove %>
<div class="table-wrap" role="region" aria-label="People and their counts" tabindex="0">
<table>
  <caption class="visually-hidden">People and their counted items by metric</caption>
  <thead><tr>
    <th scope="col">Name</th><th scope="col">Rank</th><th scope="col">Track</th><th scope="col">Division</th><th scope="col">Cohort</th><th scope="col">Mentor</th>
    <% it.metrics.forEach(function (metric) { %><th scope="col" class="number"><%= it.labels[metric] %></th><% }) %>
    <th scope="col" class="number">pending links</th>
  </tr></thead>
  <tbody>
  <% it.rows.forEach(function (row) { %>
    <tr>
      <th scope="row"><a href="<%= it.facultyHref(row.id) %>"><%= row.name %></a> <span class="muted"><%= row.id %></span></th>
      <td><%= row.rank || "" %></td><td><%= row.track || "" %></td><td><%= row.division || "" %></td><td><%= row.cohort || "" %></td><td><%= row.mentorName || "" %></td>
      <% it.metrics.forEach(function (metric) { %><td class="number"><%= row.counted[metric] || 0 %></td><% }) %>
      <td class="number"><%= row.pending %></td>
    </tr>
  <% }) %>
  </tbody>
</table>
</div>
<%~ it.pagerBelow %>`;

const PAGER = `<% if (it.previous || it.next) { %><nav class="pager" aria-label="<%= it.label %>"><% if (it.previous) { %><a href="<%= it.previous %>" rel="prev">Previous page</a><% } %><% if (it.previous && it.next) { %> · <% } %><% if (it.next) { %><a href="<%= it.next %>" rel="next">Next page</a><% } %></nav><% } %>`;

export function facultyListBody(
  role: string,
  result: {
    rows: FacultyTableRow[];
    matching: number;
    total: number;
    page: number;
    pageSize: number;
    choices: FacultyChoices;
  },
  filter: FacultyFilter,
): string {
  const simple = (values: string[]) => values.map((value) => ({ value, label: value }));
  const selects = [
    { name: "cohort", label: "Cohort", options: simple(result.choices.cohorts), current: filter.cohort },
    {
      name: "division",
      label: "Division",
      options: simple(result.choices.divisions),
      current: filter.division,
    },
    { name: "rank", label: "Rank", options: simple(result.choices.ranks), current: filter.rank },
    { name: "track", label: "Track", options: simple(result.choices.tracks), current: filter.track },
    {
      name: "mentor",
      label: "Mentor",
      options: result.choices.mentors.map((mentor) => ({ value: mentor.id, label: mentor.name })),
      current: filter.mentorId,
    },
  ];
  const heading = role === "committee" ? "Candidates" : role === "mentor" ? "Your mentees" : "Faculty";
  const pages = Math.max(1, Math.ceil(result.matching / result.pageSize));
  // The filters ride along on every page link.
  const pageHref = (page: number) => {
    const params = new URLSearchParams();
    for (const select of selects) if (select.current) params.set(select.name, select.current);
    if (page > 1) params.set("page", String(page));
    const query = params.toString();
    return query ? `/faculty?${query}` : "/faculty";
  };
  const links = {
    previous: result.page > 1 ? pageHref(Math.min(result.page - 1, pages)) : null,
    next: result.page < pages ? pageHref(result.page + 1) : null,
  };
  // Two navigation landmarks on a page need names of their own.
  const pagerAbove = render(PAGER, { ...links, label: "Pages of the list, above it" });
  const pagerBelow = render(PAGER, { ...links, label: "Pages of the list, below it" });
  const first = (result.page - 1) * result.pageSize + 1;
  return render(LIST, {
    heading,
    selects,
    rows: result.rows,
    first,
    last: first + result.rows.length - 1,
    matching: result.matching,
    total: result.total,
    page: result.page,
    pages,
    pagerAbove,
    pagerBelow,
    metrics: REPORT_METRICS,
    labels: METRIC_LABELS,
    facultyHref,
  });
}
