import type { MentorOverview } from "../../services/mentor-page.ts";
import { day, facultyHref, METRIC_LABELS, REPORT_METRICS } from "./format.ts";
import { render } from "./layout.ts";
import { notesHref } from "./notes.ts";

const MENTOR = `<h1>Your mentees</h1>
<p><%= it.o.firstVisit ? "This is your first visit: new means linked in the last 30 days, since " + it.day(it.o.since) + "." : "New since your last visit on " + it.day(it.o.since) + "." %></p>
<% if (it.o.mentees.length === 0) { %><p>You have no current mentees.</p><% } %>
<% it.o.mentees.forEach(function (mentee) { %>
<section aria-labelledby="mentee-<%= mentee.facultyId %>">
<h2 id="mentee-<%= mentee.facultyId %>"><a href="<%= it.facultyHref(mentee.facultyId) %>"><%= mentee.name %></a> <span class="muted"><%= mentee.rank || "" %></span></h2>
<p class="no-print"><a href="<%= it.notesHref(mentee.facultyId) %>">Your notes on <%= mentee.name %></a></p>
<h3>New (<%= mentee.newItems.length %>)</h3>
<% if (mentee.newItems.length === 0) { %><p class="muted">Nothing new.</p><% } else { %>
<ul>
<% mentee.newItems.forEach(function (item) { %>
  <li><span class="title"><%= item.title %></span> <span class="muted"><%= item.kind %><%= item.venue ? " · " + item.venue : "" %><%= item.year ? " · " + item.year : "" %> · linked <%= it.day(item.linkedAt) %></span><% if (item.status === "pending") { %> <strong>awaits <%= mentee.name %>'s review</strong><% } %></li>
<% }) %>
</ul>
<% } %>
<table>
  <caption><%= it.o.year %> against <%= it.o.year - 1 %></caption>
  <thead><tr><th scope="col">Metric</th><th scope="col" class="number"><%= it.o.year - 1 %></th><th scope="col" class="number"><%= it.o.year %> so far</th><th scope="col" class="number">Change</th></tr></thead>
  <tbody>
  <% it.metrics.forEach(function (metric) { var last = mentee.lastYear[metric], now = mentee.thisYear[metric], change = now - last; %>
    <tr><th scope="row"><%= it.labels[metric] %></th><td class="number"><%= last %></td><td class="number"><%= now %></td><td class="number"><%= change > 0 ? "+" + change : change %></td></tr>
  <% }) %>
  </tbody>
</table>
</section>
<% }) %>`;

export function mentorBody(overview: MentorOverview): string {
  return render(MENTOR, {
    o: overview,
    metrics: REPORT_METRICS,
    labels: METRIC_LABELS,
    day,
    facultyHref,
    notesHref,
  });
}
