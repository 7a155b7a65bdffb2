import { Option } from "commander";

/** Commands that print text for people take `--format json` for scripts; text stays the default. */
export const TEXT_FORMATS = ["text", "json"] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

/** Commands that print tables, likewise. */
export const TABLE_FORMATS = ["table", "json"] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export function formatOption(formats: readonly string[]): Option {
  return new Option("--format <format>", "output format").choices(formats).default(formats[0]);
}

/** JSON as every command prints it: indented, dates as ISO 8601 strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
