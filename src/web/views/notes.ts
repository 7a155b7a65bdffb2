import type { NotesPage } from "../../services/notes.ts";
import { day, facultyHref } from "./format.ts";
import { render } from "./layout.ts";

/** Where a person's notes live: the mentor page and the profile link here. */
export function notesHref(facultyId: string): string {
  return `${facultyHref(facultyId)}/notes`;
}

const NOTES = `<h1>Notes on <a href="<%= it.facultyHref(it.n.facultyId) %>"><%= it.n.name %></a></h1>
<p><%= it.n.mayWrite ? "Your own notes on your mentee: only you and faculty affairs can read them." : "Mentors' notes on this person, by author." %></p>
<% if (it.n.notes.length === 0) { %><p class="muted">No notes yet.</p><% } else { %>
<ol class="notes">
<% it.n.notes.forEach(function (note) { %>
  <li id="note-<%= note.id %>"><p class="muted"><%= it.day(note.createdAt) %><%= it.n.mayWrite ? "" : " · " + note.author.name %></p><p class="note-body"><%= note.body %></p></li>
<% }) %>
</ol>
<% } %>
<% if (it.n.mayWrite) { %>
<section aria-labelledby="add-note" class="no-print">
<h2 id="add-note">Add a note</h2>
<form method="post" action="<%= it.href %>">
  <input type="hidden" name="_csrf" value="<%= it.csrf %>">
  <div class="field">
    <label for="note-body">Note</label>
    <textarea id="note-body" name="body" rows="5" cols="60" maxlength="10000" required></textarea>
  </div>
  <button type="submit">Save the note</button>
</form>
</section>
<% } %>`;

export function notesBody(page: NotesPage, csrfToken: string): string {
  return render(NOTES, { n: page, csrf: csrfToken, href: notesHref(page.facultyId), day, facultyHref });
}
