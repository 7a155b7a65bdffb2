import type { RunDetail, RunFailure, RunListing } from "../../services/runs.ts";
import type { ScheduleSummary } from "../../services/schedule.ts";
import { facultyHref, minute } from "./format.ts";
import { render } from "./layout.ts";

const RUNS = `<h1>Harvest runs</h1>
<section aria-labelledby="harvest-now" class="no-print">
<h2 id="harvest-now">Harvest now</h2>
<form method="post" action="/runs/harvest" class="filters" aria-label="Harvest one person">
  <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
  <div class="field">
    <label for="harvest-faculty">Faculty id</label>
    <input id="harvest-faculty" name="faculty" type="text" required maxlength="100" list="faculty-ids" placeholder="e.g. F001">
    <datalist id="faculty-ids"><% it.people.forEach(function (person) { %><option value="<%= person.id %>"><%= person.name %></option><% }) %></datalist>
  </div>
  <div><button type="submit">Harvest this person</button></div>
</form>
<form method="post" action="/runs/harvest" aria-label="Harvest everyone">
  <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
  <input type="hidden" name="everyone" value="yes">
  <button type="submit" class="secondary">Harvest everyone (<%= it.people.length %> people)</button>
</form>
<p>Every source is harvested (<%= it.sources.join(", ") %>). Jobs and their retries can also be followed in <a href="/admin/queues">the queue dashboard</a>.</p>
</section>

<section aria-labelledby="schedule">
<h2 id="schedule">Nightly schedule</h2>
<% if (it.schedules.length === 0) { %><p>No nightly harvest is scheduled (<code>scholartrack schedule --cron "0 2 * * *"</code> sets one).</p><% } else { %>
<table>
  <thead><tr><th scope="col">Schedule</th><th scope="col">Pattern</th><th scope="col">Time zone</th><th scope="col">Next run</th><th scope="col">Sources</th></tr></thead>
  <tbody>
  <% it.schedules.forEach(function (schedule) { %>
    <tr><td><%= schedule.id %></td><td><code><%= schedule.pattern || "" %></code></td><td><%= schedule.tz || "UTC" %></td><td><%= it.minute(schedule.next) %></td><td><%= (schedule.sources || []).join(", ") %></td></tr>
  <% }) %>
  </tbody>
</table>
<% } %>
</section>

<section aria-labelledby="latest">
<h2 id="latest">Latest runs</h2>
<% if (it.runs.length === 0) { %><p>No harvest has run yet.</p><% } else { %>
<table>
  <thead><tr><th scope="col">Run</th><th scope="col">Trigger</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Finished</th><th scope="col">Sources</th><th scope="col" class="number">Jobs</th><th scope="col" class="number">Done</th><th scope="col" class="number">Failed</th><th scope="col" class="number">Records</th><th scope="col" class="number">New items</th><th scope="col" class="number">Pending links</th></tr></thead>
  <tbody>
  <% it.runs.forEach(function (run) { %>
    <tr>
      <th scope="row"><a href="/runs/<%= encodeURIComponent(run.id) %>"><%= run.id %></a></th>
      <td><%= run.trigger %></td><td class="<%= run.status === "failed" ? "error" : "" %>"><%= run.status %></td>
      <td><%= it.minute(run.startedAt) %></td><td><%= it.minute(run.finishedAt) %></td><td><%= run.sources.join(", ") %></td>
      <td class="number"><%= run.progress.total %></td><td class="number"><%= run.progress.completed %></td><td class="number"><%= run.progress.failed %></td>
      <td class="number"><%= run.progress.recordsFetched %></td><td class="number"><%= run.progress.itemsNew %></td><td class="number"><%= run.progress.linksPending %></td>
    </tr>
  <% }) %>
  </tbody>
</table>
<% } %>
</section>`;

const RUN = `<h1>Run <%= it.run.id %></h1>
<dl class="facts">
  <dt>Status</dt><dd><%= it.run.status %></dd>
  <dt>Trigger</dt><dd><%= it.run.trigger %></dd>
  <dt>Started</dt><dd><%= it.minute(it.run.startedAt) %></dd>
  <dt>Finished</dt><dd><%= it.run.finishedAt ? it.minute(it.run.finishedAt) : "still going" %></dd>
  <dt>Years</dt><dd><%= it.run.sinceYear || "any" %> to <%= it.run.untilYear || "now" %></dd>
</dl>
<h2>By source</h2>
<table>
  <thead><tr><th scope="col">Source</th><th scope="col" class="number">Jobs</th><th scope="col" class="number">Completed</th><th scope="col" class="number">Failed</th><th scope="col" class="number">Still queued or running</th><th scope="col" class="number">Records fetched</th><th scope="col" class="number">New items</th><th scope="col" class="number">Updated items</th><th scope="col" class="number">Links accepted</th><th scope="col" class="number">Links pending</th></tr></thead>
  <tbody>
  <% it.sources.forEach(function (source) { %>
    <tr><th scope="row"><%= source.source %></th><td class="number"><%= source.jobs %></td><td class="number"><%= source.completed %></td><td class="number"><%= source.failed %></td><td class="number"><%= source.open %></td><td class="number"><%= source.recordsFetched %></td><td class="number"><%= source.itemsNew %></td><td class="number"><%= source.itemsUpdated %></td><td class="number"><%= source.linksAccepted %></td><td class="number"><%= source.linksPending %></td></tr>
  <% }) %>
  </tbody>
</table>
<h2>Failures</h2>
<% if (it.failures.length === 0) { %><p>No job failed for good.</p><% } else { %>
<table>
  <thead><tr><th scope="col">Person</th><th scope="col">Source</th><th scope="col">Reason</th></tr></thead>
  <tbody>
  <% it.failures.forEach(function (failure) { %>
    <tr><td><a href="<%= it.facultyHref(failure.facultyId) %>"><%= failure.facultyId %></a></td><td><%= failure.source %></td><td><%= failure.error %><% if (failure.unavailableReason) { %><br><span class="muted">The person's record is unavailable: <%= failure.unavailableReason %> (theirs to fix, not the run's)</span><% } %></td></tr>
  <% }) %>
  </tbody>
</table>
<form method="post" action="/runs/<%= encodeURIComponent(it.run.id) %>/retry">
  <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
  <button type="submit">Try the <%= it.failures.length %> failed <%= it.failures.length === 1 ? "job" : "jobs" %> again</button>
</form>
<% } %>
<p><a href="/runs">All runs</a> · <a href="/admin/queues">Queue dashboard</a></p>`;

export function runsBody(options: {
  runs: RunListing[];
  schedules: ScheduleSummary[];
  people: Array<{ id: string; name: string }>;
  sources: readonly string[];
  csrfToken: string;
}): string {
  return render(RUNS, { ...options, minute });
}

export function runBody(run: RunDetail, failures: RunFailure[], csrfToken: string): string {
  const sources = new Map<string, Record<string, number>>();
  for (const job of run.jobs) {
    const row = sources.get(job.source) ?? {
      jobs: 0,
      completed: 0,
      failed: 0,
      open: 0,
      recordsFetched: 0,
      itemsNew: 0,
      itemsUpdated: 0,
      linksAccepted: 0,
      linksPending: 0,
    };
    row.jobs! += 1;
    if (job.status === "completed") row.completed! += 1;
    else if (job.status === "failed") row.failed! += 1;
    else row.open! += 1;
    row.recordsFetched! += job.recordsFetched;
    row.itemsNew! += job.itemsNew;
    row.itemsUpdated! += job.itemsUpdated;
    row.linksAccepted! += job.linksAccepted;
    row.linksPending! += job.linksPending;
    sources.set(job.source, row);
  }
  return render(RUN, {
    run,
    failures,
    csrfToken,
    sources: [...sources].map(([source, counts]) => ({ source, ...counts })),
    minute,
    facultyHref,
  });
}
