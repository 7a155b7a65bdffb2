import type { Evidence } from "../../identity/evidence.ts";
import type { ProfileItem, ProfilePage } from "../../services/profile-page.ts";
import { barChart } from "./chart.ts";
import { day, facultyHref, METRIC_LABELS, REPORT_METRICS } from "./format.ts";
import { render } from "./layout.ts";
import { notesHref } from "./notes.ts";

const EVIDENCE = `<ul class="evidence">
<% if (it.evidence.length === 0) { %><li class="muted">No evidence recorded (a person's decision, or a record of their own).</li><% } %>
<% it.evidence.forEach(function (piece) { %>
  <li><strong><%= piece.weight > 0 ? "+" + piece.weight : piece.weight %></strong> <%= piece.reason %><% if (piece.anchor) { %> <span class="muted">(anchor)</span><% } %><% if (piece.items && piece.items.length) { %> <span class="muted">from PMID <%= piece.items.join(", ") %></span><% } %></li>
<% }) %>
</ul>`;

const PROFILE = `<h1><%= it.p.profile.name %> <span class="muted"><%= it.p.profile.id %></span></h1>
<dl class="facts">
  <dt>Rank</dt><dd><%= it.p.profile.rank || "not given" %></dd>
  <dt>Track</dt><dd><%= it.p.profile.track || "not given" %></dd>
  <dt>Division</dt><dd><%= it.p.profile.division || "not given" %></dd>
  <dt>Cohort</dt><dd><%= it.p.profile.cohort || "none" %></dd>
  <dt>Hired</dt><dd><%= it.p.profile.hireDate || "not given" %></dd>
  <% if (it.p.profile.programStart) { %><dt>Program start</dt><dd><%= it.p.profile.programStart %></dd><% } %>
  <% if (it.p.profile.mentorId) { %><dt>Mentor</dt><dd><%= it.p.profile.mentorId %><% if (it.admin) { %> (<a href="/mentors/<%= encodeURIComponent(it.p.profile.mentorId) %>/digest">their digest</a>)<% } %></dd><% } %>
  <dt>ORCID iD</dt><dd><%= it.p.profile.orcid || "none" %></dd>
  <% if (it.p.profile.email !== undefined) { %><dt>E-mail</dt><dd><%= it.p.profile.email || "none" %></dd><% } %>
  <dt>Links</dt><dd><%= it.p.profile.links.accepted %> accepted, <%= it.p.profile.links.pending %> pending, <%= it.p.profile.links.rejected %> rejected</dd>
</dl>
<p class="no-print" id="dossier">Dossier for the promotion committee: <a href="/faculty/<%= encodeURIComponent(it.p.profile.id) %>/dossier">open it (HTML)</a> · <a href="/faculty/<%= encodeURIComponent(it.p.profile.id) %>/dossier?format=pdf">download it as PDF</a></p>
<% if (it.notes) { %><p class="no-print"><a href="<%= it.notes %>"><%= it.admin ? "Mentors' notes" : "Your notes" %> on <%= it.p.profile.name %></a></p><% } %>

<nav aria-label="On this page" class="no-print">
  <a href="#output">Output by year</a> ·
  <a href="#pending">Pending links (<%= it.p.pendingTotal %>)</a> ·
  <a href="#benchmarks">Promotion benchmarks</a> ·
  <% if (it.p.mayAddPaper) { %><a href="#add-paper">Add a missing paper</a> · <% } %>
  <a href="#items">Items</a>
</nav>

<section aria-labelledby="output">
<h2 id="output">Output by year</h2>
<% if (it.years.length === 0) { %><p>No counted items yet.</p><% } else { %>
<%~ it.chart %>
<table>
  <caption>Counted items by year and metric</caption>
  <thead><tr><th scope="col">Year</th><% it.metrics.forEach(function (metric) { %><th scope="col" class="number"><%= it.labels[metric] %></th><% }) %></tr></thead>
  <tbody>
  <% it.years.forEach(function (year) { %>
    <tr><th scope="row"><%= year.year %></th><% it.metrics.forEach(function (metric) { %><td class="number"><%= year.counts[metric] %></td><% }) %></tr>
  <% }) %>
  </tbody>
</table>
<% } %>
</section>

<section aria-labelledby="pending">
<h2 id="pending">Pending links</h2>
<% if (it.p.pendingTotal === 0) { %><p>Nothing awaits a decision.</p><% } else { %>
<p><%= it.p.pendingTotal %> <%= it.p.pendingTotal === 1 ? "item awaits" : "items await" %> a decision<% if (it.p.pendingTotal > it.p.pending.length) { %>; the first <%= it.p.pending.length %> are below, the rest in <a href="/review?faculty=<%= encodeURIComponent(it.p.profile.id) %>">the review queue</a><% } %>.<% if (!it.p.mayDecide) { %> You can read them; deciding is for the person and faculty affairs.<% } %></p>
<% it.p.pending.forEach(function (link) { %>
<article class="pending" id="pending-<%= link.itemId %>" aria-labelledby="pending-title-<%= link.itemId %>">
  <div class="explanation">
    <h3 id="pending-title-<%= link.itemId %>"><%= link.title %></h3>
    <p><%= link.venue || "" %><%= link.year ? " · " + link.year : "" %><%= link.pmid ? " · PMID " + link.pmid : "" %><%= link.doi ? " · DOI " + link.doi : "" %> · sources: <%= link.sources.join(", ") || "none" %></p>
    <% if (link.authorIndex !== null) { %><p>Matched author: number <%= link.authorIndex + 1 %><%= link.authorPosition ? " (" + link.authorPosition + ")" : "" %></p><% } %>
    <p><strong>The evidence, for and against:</strong></p>
    <%~ it.evidence(link.evidence) %>
    <p>Score: <%= link.arithmetic %>. By the score alone: <%= link.automaticStatus %> (accepted at <%= link.thresholds.accept %> or more, rejected at <%= link.thresholds.reject %> or less).</p>
  </div>
  <% if (it.p.mayDecide) { %>
  <form class="decide" method="post" action="/faculty/<%= encodeURIComponent(it.p.profile.id) %>/links/<%= link.itemId %>/decision">
    <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
    <div class="field">
      <label for="note-<%= link.itemId %>">Note (optional)</label>
      <textarea id="note-<%= link.itemId %>" name="note" rows="2" maxlength="2000"></textarea>
    </div>
    <button type="submit" name="decision" value="accept">Accept: it is <%= it.own ? "mine" : "theirs" %></button>
    <button type="submit" name="decision" value="reject" class="reject">Reject: not <%= it.own ? "mine" : "theirs" %></button>
  </form>
  <% } %>
</article>
<% }) %>
<% } %>
</section>

<section aria-labelledby="benchmarks">
<h2 id="benchmarks">Promotion benchmarks</h2>
<% if (it.p.benchmarkProblem) { %><p class="error"><%= it.p.benchmarkProblem %></p>
<% } else if (!it.p.benchmark || it.p.benchmark.noCriteria) { %><p>Nothing to check against<%= it.p.benchmark && it.p.benchmark.noCriteria ? ": " + it.p.benchmark.noCriteria : "" %>.</p>
<% } else { var b = it.p.benchmark; %>
<p>Against the criteria for <strong><%= b.targetRank %></strong> on the <%= b.track %> track, counted <%= b.window.from %>–<%= b.window.to %> (as of <%= b.asOf %>, criteria version <%= b.criteriaVersion %>): <strong class="<%= b.met ? "ok" : "error" %>"><%= b.met ? "every requirement met" : "not all requirements met" %></strong>.</p>
<table>
  <caption>Each requirement, the count and the gap</caption>
  <thead><tr><th scope="col">Requirement</th><th scope="col" class="number">Required</th><th scope="col" class="number">Count</th><th scope="col">Met</th><th scope="col">Gap</th><th scope="col" class="number">Percentile among those promoted</th></tr></thead>
  <tbody>
  <% b.requirements.forEach(function (requirement) { %>
    <tr><th scope="row"><%= requirement.label %></th><td class="number"><%= requirement.required %></td><td class="number"><%= requirement.count %></td><td><%= requirement.met ? "yes" : "no" %></td><td><%= requirement.gap || "" %></td><td class="number"><%= requirement.percentile === null ? "no norms" : requirement.percentile + (requirement.normTooSmall ? " (few people)" : "") %></td></tr>
  <% }) %>
  </tbody>
</table>
<% } %>
</section>

<% if (it.p.mayAddPaper) { %>
<section aria-labelledby="add-paper" class="no-print">
<h2 id="add-paper">Add a missing paper</h2>
<p>Give its PMID or DOI: the record is fetched from PubMed, scored and explained like any other, and appears here.</p>
<form method="post" action="/faculty/<%= encodeURIComponent(it.p.profile.id) %>/items">
  <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
  <div class="field">
    <label for="identifier">PMID or DOI</label>
    <input id="identifier" name="identifier" type="text" required maxlength="300" placeholder="e.g. 31234567 or 10.1000/xyz123" aria-describedby="identifier-help">
    <span id="identifier-help" class="muted">A PMID is digits only; a DOI starts with 10.</span>
  </div>
  <button type="submit">Add the paper</button>
</form>
</section>
<% } %>

<section aria-labelledby="items">
<h2 id="items">Items by year and metric</h2>
<% if (it.groups.length === 0) { %><p>No items in the ledger yet.</p><% } %>
<% it.groups.forEach(function (group) { %>
<h3><%= group.year %></h3>
<% group.metrics.forEach(function (metric) { %>
<h4><%= metric.label %> (<%= metric.items.length %>)</h4>
<% metric.items.forEach(function (item) { %>
<div class="item" id="item-<%= item.ledgerItemId %>">
  <p><span class="title"><%= item.title %></span><br><span class="muted"><%= item.venue || "" %><% if (item.authorPosition) { %> · <%= item.authorPosition %> author<% } %><% if (item.role) { %> · role <%= item.role %><% } %><% if (item.scope) { %> · <%= item.scope %><% } %> · item <%= item.ledgerItemId %></span></p>
  <details>
    <summary>Why it <%= item.counted ? "counts" : "does not count" %>, sources and authorship</summary>
    <p><strong><%= item.counted ? "Counts as " + it.labels[item.metric] : "Not counted" %></strong>: <%= item.reason %> <span class="muted">(rule <%= item.rule %>, rules <%= item.rulesVersion %>)</span></p>
    <p>Sources: <% item.sources.forEach(function (source, index) { %><%= index > 0 ? "; " : "" %><%= source.source %> <%= source.sourceId %> (item <%= source.itemId %>)<% }) %><% if (item.sources.length === 0) { %>none recorded<% } %></p>
    <% if (item.merged.length > 0) { %><p>One item because: <%= item.merged.join("; ") %></p><% } %>
    <p>Authorship: <%= item.decidedBy && item.decidedBy !== "system" ? "confirmed by " + item.decidedBy : "accepted automatically" %><%= item.score !== null ? ", score " + item.score : "" %></p>
    <%~ it.evidence(item.evidence) %>
  </details>
</div>
<% }) %>
<% }) %>
<% }) %>
</section>`;

function evidenceList(evidence: Evidence[]): string {
  return render(EVIDENCE, { evidence });
}

interface YearGroup {
  year: string;
  metrics: Array<{ label: string; items: ProfileItem[] }>;
}

/** The ledger by year (newest first), then by metric in the report's order, not-counted last. */
function groupItems(items: readonly ProfileItem[]): YearGroup[] {
  const years = new Map<string, ProfileItem[]>();
  for (const item of items) {
    const key = item.year === null ? "Undated" : String(item.year);
    years.set(key, [...(years.get(key) ?? []), item]);
  }
  const order = [...years.keys()].sort((a, b) =>
    a === "Undated" ? 1 : b === "Undated" ? -1 : Number(b) - Number(a),
  );
  return order.map((year) => {
    const own = years.get(year)!;
    const metrics = REPORT_METRICS.flatMap((metric) => {
      const counted = own.filter((item) => item.counted && item.metric === metric);
      return counted.length > 0 ? [{ label: METRIC_LABELS[metric], items: counted }] : [];
    });
    const other = own.filter((item) => !item.counted || item.metric === null);
    if (other.length > 0) metrics.push({ label: "not counted", items: other });
    return { year, metrics };
  });
}

export function profileBody(
  page: ProfilePage,
  csrfToken: string,
  readerFacultyId: string | null,
  readerIsAdmin = false,
  readerIsMentor = false,
): string {
  const years = page.report.byYear;
  const chart =
    years.length === 0
      ? ""
      : barChart({
          id: "output-chart",
          title: `${page.profile.name}: counted output by year`,
          categories: years.map((year) => String(year.year)),
          series: REPORT_METRICS.slice(0, 3).map((metric) => ({
            label: METRIC_LABELS[metric],
            values: years.map((year) => year.counts[metric]),
          })),
          tableNote: "The table below gives each year's counts, other metrics included.",
        });
  return render(PROFILE, {
    p: page,
    csrfToken,
    own: readerFacultyId === page.profile.id,
    admin: readerIsAdmin,
    notes: readerIsAdmin || readerIsMentor ? notesHref(page.profile.id) : null,
    chart,
    years: [...years].reverse(),
    metrics: REPORT_METRICS,
    labels: METRIC_LABELS,
    groups: groupItems(page.items),
    evidence: evidenceList,
    day,
    facultyHref,
  });
}
