/** HTML for the reports: escaping, a page that stands alone, a plain table. */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A page that stands alone (no scripts, fonts or files from elsewhere) and prints in black and white. */
export function htmlPage(pageTitle: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(pageTitle)}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #111; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; line-height: 1.4; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
  table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
  th, td { border-bottom: 1px solid #999; padding: 0.25rem 0.6rem; text-align: right; vertical-align: top; }
  th:first-child, td:first-child { text-align: left; }
  td.text, th.text { text-align: left; }
  thead th { border-bottom: 2px solid #111; }
  .charts { display: flex; flex-wrap: wrap; gap: 1rem; }
  figure { margin: 0 0 1rem; break-inside: avoid; page-break-inside: avoid; }
  figcaption { font-size: 0.85rem; color: #333; }
  svg text { font-family: inherit; }
  .flag { font-weight: bold; }
  .notes li { margin-bottom: 0.3rem; }
  @media print {
    body { margin: 0; max-width: none; font-size: 10pt; }
    table { font-size: 8.5pt; }
    table, figure, section { break-inside: avoid; page-break-inside: avoid; }
    * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

export function htmlTable(head: string[], rows: string[][], textColumns: number[] = []): string {
  const cell = (tag: "th" | "td", value: string, index: number) =>
    `<${tag}${textColumns.includes(index) ? ' class="text"' : ""}>${escapeHtml(value)}</${tag}>`;
  return [
    "<table>",
    `<thead><tr>${head.map((value, index) => cell("th", value, index)).join("")}</tr></thead>`,
    "<tbody>",
    ...rows.map((row) => `<tr>${row.map((value, index) => cell("td", value, index)).join("")}</tr>`),
    "</tbody>",
    "</table>",
  ].join("\n");
}
