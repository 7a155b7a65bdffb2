import { CsvError } from "csv-parse";
import { parse } from "csv-parse/sync";

/** One non-blank CSV record with the file line it starts on (1-based). */
export interface CsvLine {
  line: number;
  cells: string[];
}

type FormatError = (message: string) => Error;

interface RawRecord {
  record: string[];
  info: { bytes: number };
}

/**
 * Reads a UTF-8 CSV file (the header included) into records with their line numbers, cells trimmed.
 * Rows of nothing but empty cells, which spreadsheets leave behind, are dropped. A file that is not
 * UTF-8 or not CSV at all throws what `formatError` makes of the message, which names the file and line.
 */
export function readCsvLines(
  input: string | Uint8Array,
  fileName: string,
  formatError: FormatError,
): CsvLine[] {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.from(input);
  checkUtf8(bytes, fileName, formatError);
  const records = readRecords(bytes, fileName, formatError);
  const lines = new LineCounter(bytes);
  let previousEnd = 0;
  const located: CsvLine[] = [];
  for (const { record, info } of records) {
    const line = lines.lineOfRecordStartingAt(previousEnd);
    previousEnd = info.bytes;
    const cells = record.map((cell) => cell.trim());
    if (cells.every((cell) => cell === "")) continue;
    located.push({ line, cells });
  }
  return located;
}

function checkUtf8(bytes: Buffer, fileName: string, formatError: FormatError): void {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const text = new TextDecoder("utf-8").decode(bytes);
    const line = text.slice(0, text.indexOf("\uFFFD")).split(/\r\n|\r|\n/).length;
    throw formatError(
      `${fileName} line ${line}: the file is not UTF-8 text; save it as "CSV UTF-8" and import it again`,
    );
  }
}

function readRecords(bytes: Buffer, fileName: string, formatError: FormatError): RawRecord[] {
  try {
    return parse(bytes, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      // Field counts are checked per row below, where the line number can be given.
      relax_column_count: true,
      // Files edited on several systems mix line endings; "\r\n" must come before "\r".
      record_delimiter: ["\r\n", "\n", "\r"],
    }) as unknown as RawRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      throw formatError(`${fileName} is not valid CSV: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Turns byte offsets into 1-based file line numbers. csv-parse's own line counter is not reliable
 * across quoted multi-line fields and mixed line endings, so lines are counted from the bytes.
 */
class LineCounter {
  private position = 0;
  private line = 1;

  constructor(private readonly bytes: Buffer) {}

  /** The line of the first non-blank line at or after `offset`; offsets must not go backwards. */
  lineOfRecordStartingAt(offset: number): number {
    this.advanceTo(offset);
    // Blank lines before a record are skipped by the parser but still count as file lines.
    for (;;) {
      let next = this.position;
      while (this.bytes[next] === 0x20 || this.bytes[next] === 0x09) next++;
      const byte = this.bytes[next];
      if (byte === 0x0a) this.advanceTo(next + 1);
      else if (byte === 0x0d) this.advanceTo(this.bytes[next + 1] === 0x0a ? next + 2 : next + 1);
      else return this.line;
    }
  }

  private advanceTo(offset: number): void {
    for (; this.position < offset; this.position++) {
      const byte = this.bytes[this.position];
      if (byte === 0x0a || (byte === 0x0d && this.bytes[this.position + 1] !== 0x0a)) this.line++;
    }
  }
}
