/**
 * Bar charts drawn on the server as inline SVG: no script, prints as it shows. Each chart is an
 * image with a title and description for screen readers; the page puts the same numbers in a
 * table beside it.
 */
import { render } from "./layout.ts";

export interface ChartSeries {
  label: string;
  values: number[];
}

/** Colours that keep 3:1 against white and against each other's neighbours. */
const COLOURS = ["#1f4e9c", "#b35c00", "#2e7d32", "#7b1fa2", "#5d4037", "#c2185b"];

const CHART = `<figure class="chart">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 <%= it.width %> <%= it.height %>" width="<%= it.width %>" height="<%= it.height %>" role="img" aria-labelledby="<%= it.id %>-title <%= it.id %>-desc">
  <title id="<%= it.id %>-title"><%= it.title %></title>
  <desc id="<%= it.id %>-desc"><%= it.description %></desc>
  <% it.ticks.forEach(function (tick) { %>
  <line x1="<%= it.left %>" x2="<%= it.width - 8 %>" y1="<%= tick.y %>" y2="<%= tick.y %>" stroke="#ccc" stroke-width="1"/>
  <text x="<%= it.left - 6 %>" y="<%= tick.y + 4 %>" font-size="11" text-anchor="end" fill="#333"><%= tick.value %></text>
  <% }) %>
  <% it.bars.forEach(function (bar) { %>
  <rect x="<%= bar.x %>" y="<%= bar.y %>" width="<%= bar.width %>" height="<%= bar.height %>" fill="<%= bar.colour %>"><title><%= bar.label %></title></rect>
  <% }) %>
  <% it.categories.forEach(function (category) { %>
  <text x="<%= category.x %>" y="<%= it.height - 8 %>" font-size="11" text-anchor="middle" fill="#333"><%= category.label %></text>
  <% }) %>
  <line x1="<%= it.left %>" x2="<%= it.width - 8 %>" y1="<%= it.baseline %>" y2="<%= it.baseline %>" stroke="#333" stroke-width="1"/>
</svg>
<figcaption>
  <ul class="legend">
  <% it.legend.forEach(function (entry) { %>
    <li><span class="swatch" style="background: <%= entry.colour %>"></span><%= entry.label %></li>
  <% }) %>
  </ul>
  <% if (it.tableNote) { %><span class="muted"><%= it.tableNote %></span><% } %>
</figcaption>
</figure>`;

/** Grouped bars: one group per category (a year, a window), one bar per series. */
export function barChart(options: {
  id: string;
  title: string;
  categories: string[];
  series: ChartSeries[];
  tableNote?: string;
  /** Width of each category's group of bars; fitted to 640 pixels when absent. */
  groupWidth?: number;
}): string {
  const { categories, series } = options;
  const left = 36;
  const top = 10;
  const plotHeight = 180;
  const groupWidth =
    options.groupWidth ?? Math.max(24, Math.min(90, Math.floor(640 / Math.max(1, categories.length))));
  const width = left + groupWidth * categories.length + 16;
  const height = top + plotHeight + 28;
  const baseline = top + plotHeight;
  const max = Math.max(1, ...series.flatMap((entry) => entry.values));
  const step = niceStep(max);
  const ceiling = Math.ceil(max / step) * step;
  const scale = (value: number) => (value / ceiling) * plotHeight;
  const barWidth = Math.max(3, Math.floor((groupWidth - 8) / Math.max(1, series.length)));
  const bars = categories.flatMap((category, at) =>
    series.map((entry, index) => {
      const value = entry.values[at] ?? 0;
      const barHeight = scale(value);
      return {
        x: left + at * groupWidth + 4 + index * barWidth,
        y: baseline - barHeight,
        width: barWidth - 1,
        height: barHeight,
        colour: COLOURS[index % COLOURS.length],
        label: `${category}, ${entry.label}: ${value}`,
      };
    }),
  );
  const ticks = [];
  for (let value = 0; value <= ceiling; value += step) ticks.push({ value, y: baseline - scale(value) });
  const totals = series.map(
    (entry) => `${entry.label}: ${entry.values.reduce((sum, value) => sum + value, 0)} in all`,
  );
  return render(CHART, {
    id: options.id,
    title: options.title,
    description: `${categories[0] ?? ""} to ${categories.at(-1) ?? ""}. ${totals.join("; ")}. The table below gives every number.`,
    width,
    height,
    left,
    baseline,
    ticks,
    bars,
    // Labels of narrow groups would overlap: every few are labelled then.
    categories: categories.flatMap((label, at) =>
      at % Math.ceil(36 / groupWidth) === 0 ? [{ label, x: left + at * groupWidth + groupWidth / 2 }] : [],
    ),
    legend: series.map((entry, index) => ({ label: entry.label, colour: COLOURS[index % COLOURS.length] })),
    tableNote: options.tableNote ?? "",
  });
}

function niceStep(max: number): number {
  for (const step of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]) if (max / step <= 6) return step;
  return Math.ceil(max / 6);
}
