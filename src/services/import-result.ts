/** What every CSV import (promotions, mentoring records) says of a file it read. */
export interface CsvImportResult {
  rows: number;
  created: number;
  /** Rows giving a known record new values. */
  updated: number;
  /** Rows that said what the database already held. */
  unchanged: number;
  /** Rows not imported (every row when errors stopped the import). */
  skipped: number;
  /** `file.csv line N: <what is wrong>`, in line order. */
  errors: string[];
  /** True when errors stopped the import: nothing was written. */
  blocked: boolean;
}
