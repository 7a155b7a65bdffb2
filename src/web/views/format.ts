/** Small formatting helpers the page templates share. */
import { METRIC_LABELS, REPORT_METRICS } from "../../reports/windows.ts";

export { METRIC_LABELS, REPORT_METRICS };

export function day(date: Date | string | null | undefined): string {
  if (date === null || date === undefined) return "";
  return (typeof date === "string" ? new Date(date) : date).toISOString().slice(0, 10);
}

export function minute(date: Date | string | null | undefined): string {
  if (date === null || date === undefined) return "";
  return (
    (typeof date === "string" ? new Date(date) : date).toISOString().slice(0, 16).replace("T", " ") + " UTC"
  );
}

export function facultyHref(id: string): string {
  return `/faculty/${encodeURIComponent(id)}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
