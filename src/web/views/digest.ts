import type { MentorDigest } from "../../services/digest.ts";
import { day, facultyHref } from "./format.ts";
import { render } from "./layout.ts";

const SINCE_FROM: Record<MentorDigest["sinceFrom"], string> = {
  "last-digest": "since the last digest mailed",
  default: "in the week before (no digest has been mailed yet)",
  option: "since the date asked for",
};

/**
 * The mentor's digest as page content: each mentee's items accepted since the last digest mailed,
 * the links awaiting their review, and their benchmark progress. `level` is the heading level of
 * the digest's own heading (2 inside the mentor page, 1 as a page of its own).
 */
const DIGEST = `<section aria-labelledby="digest" id="digest-section">
<h<%= it.h %> id="digest">Digest<%= it.own ? "" : " for " + it.d.mentorName %></h<%= it.h %>>
<p>Items accepted <%= it.sinceFrom %>: from <%= it.day(it.d.since) %> to <%= it.day(it.d.until) %>. Viewing the digest here does not count as mailing it.</p>
<% if (it.d.mentees.length === 0) { %><p>No current mentees.</p><% } %>
<% it.d.mentees.forEach(function (mentee) { var b = mentee.benchmark; %>
<section aria-labelledby="digest-<%= mentee.facultyId %>">
<h<%= it.h + 1 %> id="digest-<%= mentee.facultyId %>"><a href="<%= it.facultyHref(mentee.facultyId) %>"><%= mentee.name %></a> <span class="muted"><%= mentee.facultyId %></span></h<%= it.h + 1 %>>
<h<%= it.h + 2 %>>Accepted since <%= it.day(it.d.since) %> (<%= mentee.newItems.length %>)</h<%= it.h + 2 %>>
<% if (mentee.newItems.length === 0) { %><p class="muted">Nothing new.</p><% } else { %>
<ul>
<% mentee.newItems.forEach(function (item) { %>
  <li><span class="title"><%= item.title %></span> <span class="muted"><%= item.kind %><%= item.venue ? " · " + item.venue : "" %><%= item.year ? " · " + item.year : "" %> · accepted <%= it.day(item.acceptedAt) %> · item <%= item.itemId %></span></li>
<% }) %>
</ul>
<% } %>
<h<%= it.h + 2 %>>Awaiting <%= mentee.name %>'s review (<%= mentee.awaitingReview.length %>)</h<%= it.h + 2 %>>
<% if (mentee.awaitingReview.length === 0) { %><p class="muted">Nothing awaits a decision.</p><% } else { %>
<ul>
<% mentee.awaitingReview.forEach(function (item) { %>
  <li><span class="title"><%= item.title %></span> <span class="muted"><%= item.kind %><%= item.venue ? " · " + item.venue : "" %><%= item.year ? " · " + item.year : "" %><%= item.score === null ? "" : " · score " + item.score %> · item <%= item.itemId %></span></li>
<% }) %>
</ul>
<% } %>
<h<%= it.h + 2 %>>Benchmark progress</h<%= it.h + 2 %>>
<% if (!b) { %><p class="muted">No benchmark check.</p>
<% } else if (b.noCriteria) { %><p class="muted">Nothing to check against: <%= b.noCriteria %>.</p>
<% } else { %>
<table>
  <caption>Toward <%= b.targetRank %><%= b.window ? ", counted " + b.window.from + "–" + b.window.to : "" %>: <%= b.met ? "every requirement met" : "not yet met" %></caption>
  <thead><tr><th scope="col">Requirement</th><th scope="col" class="number">Required</th><th scope="col" class="number">Count</th><th scope="col">Met or gap</th></tr></thead>
  <tbody>
  <% b.requirements.forEach(function (requirement) { %>
    <tr><th scope="row"><%= requirement.label %></th><td class="number"><%= requirement.required %></td><td class="number"><%= requirement.count %></td><td><%= requirement.met ? "met" : (requirement.gap || "not met") %></td></tr>
  <% }) %>
  </tbody>
</table>
<% } %>
</section>
<% }) %>
</section>`;

export function digestBody(digest: MentorDigest, options: { level: 1 | 2; own: boolean }): string {
  return render(DIGEST, {
    d: digest,
    h: options.level,
    own: options.own,
    sinceFrom: SINCE_FROM[digest.sinceFrom],
    day,
    facultyHref,
  });
}
