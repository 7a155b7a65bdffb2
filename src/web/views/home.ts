import type { Attention } from "../../services/attention.ts";
import { render } from "./layout.ts";
import { day, facultyHref, METRIC_LABELS, minute, plural, REPORT_METRICS } from "./format.ts";

const ADMIN = `<h1>What needs attention</h1>
<ul class="attention">
  <li><span class="count"><%= it.a.pendingReviews %></span> links await a decision. <a href="/review">Open the review queue</a></li>
  <li><span class="count"><%= it.a.openRuns.length %></span> harvest runs still going. <a href="/runs">Harvest runs</a></li>
  <li><span class="count"><%= it.failedJobs %></span> jobs failed in recent runs. <a href="/runs">See the failures</a></li>
</ul>
<% if (it.a.failedRuns.length > 0) { %>
<h2>Recent runs with failures</h2>
<table>
  <thead><tr><th scope="col">Run</th><th scope="col">Started</th><th scope="col">Status</th><th scope="col" class="number">Failed jobs</th></tr></thead>
  <tbody>
  <% it.a.failedRuns.forEach(function (run) { %>
    <tr><td><a href="/runs/<%= encodeURIComponent(run.id) %>"><%= run.id %></a></td><td><%= it.minute(run.startedAt) %></td><td><%= run.status %></td><td class="number"><%= run.progress.failed %></td></tr>
  <% }) %>
  </tbody>
</table>
<% } %>
<p>Also: <a href="/faculty">the faculty list</a>, <a href="/reports/windows">the cohort report</a>, <a href="/admin/queues">the queue dashboard</a>.</p>`;

const MENTOR = `<h1>Your mentees</h1>
<p>New output <%= it.a.firstVisit ? "in the last 30 days (you have not opened the mentor page before)" : "since your last visit on " + it.day(it.a.since) %>.</p>
<% if (it.a.mentees.length === 0) { %><p>You have no current mentees.</p><% } else { %>
<ul class="attention">
  <% it.a.mentees.forEach(function (mentee) { %>
  <li><span class="count"><%= mentee.newItems %></span> new for <a href="<%= it.facultyHref(mentee.facultyId) %>"><%= mentee.name %></a></li>
  <% }) %>
</ul>
<% } %>
<p><a href="/mentor">Open the mentor page</a> to see what is new, and this year against last.</p>`;

const COMMITTEE = `<h1>Your candidates</h1>
<% if (it.a.candidates.length === 0) { %><p>No candidates are assigned to your committees.</p><% } else { %>
<table>
  <thead><tr><th scope="col">Candidate</th><th scope="col">Rank</th><th scope="col">Division</th><th scope="col" class="number">Accepted items</th></tr></thead>
  <tbody>
  <% it.a.candidates.forEach(function (person) { %>
    <tr><td><a href="<%= it.facultyHref(person.id) %>"><%= person.name %></a></td><td><%= person.rank || "" %></td><td><%= person.division || "" %></td><td class="number"><%= person.accepted %></td></tr>
  <% }) %>
  </tbody>
</table>
<% } %>`;

const FACULTY = `<h1>Welcome, <%= it.name %></h1>
<% if (!it.a.facultyId) { %><p>Your account is not tied to a roster record; faculty affairs can tie it.</p><% } else { %>
<ul class="attention">
  <li><span class="count"><%= it.a.pending.length %></span> of your papers await your decision. <a href="/review">Review them</a></li>
  <% it.metrics.forEach(function (metric) { %>
  <li><span class="count"><%= it.a.counted[metric] || 0 %></span> <%= it.labels[metric] %> counted</li>
  <% }) %>
</ul>
<p><a href="<%= it.facultyHref(it.a.facultyId) %>">Your profile</a>: what counts and why, and a form to add a missing paper.</p>
<% } %>`;

const TEMPLATES: Record<Attention["role"], string> = {
  admin: ADMIN,
  mentor: MENTOR,
  committee: COMMITTEE,
  faculty: FACULTY,
};

export function homeBody(attention: Attention, userName: string): string {
  const failedJobs =
    attention.role === "admin" ? attention.failedRuns.reduce((sum, run) => sum + run.progress.failed, 0) : 0;
  return render(TEMPLATES[attention.role], {
    a: attention,
    name: attention.role === "faculty" ? (attention.name ?? userName) : userName,
    failedJobs,
    metrics: REPORT_METRICS.slice(0, 3),
    labels: METRIC_LABELS,
    day,
    minute,
    plural,
    facultyHref,
  });
}
