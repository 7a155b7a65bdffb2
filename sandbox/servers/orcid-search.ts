/**
 * The part of ORCID's search (GET /v3.0/search/, Solr query syntax) ScholarTrack sends, evaluated
 * as ORCID's index would: `orcid:<iD>` or `orcid:(<iD> OR <iD> ...)`, and
 * `profile-last-modified-date:[<from> TO <to>]` (`{`/`}` for an open end, `*` or NOW for none),
 * joined by AND / OR, left to right unless parenthesised.
 */

export interface IndexedRecord {
  orcid: string;
  /** ms since the epoch. */
  lastModified: number;
}

type Node =
  | { kind: "orcid"; ids: Set<string> }
  | { kind: "modified"; from: number; to: number; fromOpen: boolean; toOpen: boolean }
  | { kind: "bool"; op: "AND" | "OR"; left: Node; right: Node };

/** A query the sandbox cannot read; ORCID answers 400 with the message. */
export class SearchSyntaxError extends Error {
  override name = "SearchSyntaxError";
}

const TOKEN = /\s*(\(|\)|\[|\]|\{|\}|[^\s()[\]{}]+)/y;

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  for (;;) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(query);
    if (!match) {
      if (query.slice(at).trim() !== "") throw new SearchSyntaxError(`cannot read the query at ${at}`);
      return tokens;
    }
    tokens.push(match[1]!);
  }
}

export function parseSearch(query: string): Node {
  const tokens = tokenize(query);
  let pos = 0;
  const next = () => tokens[pos++];
  const expect = (token: string) => {
    if (tokens[pos] !== token) throw new SearchSyntaxError(`expected "${token}" at token ${pos}`);
    pos++;
  };

  function expression(): Node {
    let left = clause();
    while (tokens[pos] === "AND" || tokens[pos] === "OR") {
      const op = next() as "AND" | "OR";
      left = { kind: "bool", op, left, right: clause() };
    }
    return left;
  }

  function clause(): Node {
    if (tokens[pos] === "(") {
      pos++;
      const inner = expression();
      expect(")");
      return inner;
    }
    const token = next();
    const field = token?.match(/^([a-z-]+):(.*)$/);
    if (!field) throw new SearchSyntaxError(`expected field:value, got ${JSON.stringify(token)}`);
    const [, name, rest] = field;
    if (name === "orcid") return { kind: "orcid", ids: new Set(orcidValues(rest!)) };
    if (name === "profile-last-modified-date") return range(rest!);
    throw new SearchSyntaxError(`the sandbox does not search the field ${name}`);
  }

  function orcidValues(inline: string): string[] {
    if (inline !== "") return [inline.toUpperCase()];
    expect("(");
    const ids: string[] = [];
    while (tokens[pos] !== ")") {
      const token = next();
      if (token === undefined) throw new SearchSyntaxError('missing ")"');
      if (token !== "OR") ids.push(token.toUpperCase());
    }
    pos++;
    return ids;
  }

  function range(inline: string): Node {
    if (inline !== "") throw new SearchSyntaxError("a date field takes a range [from TO to]");
    const open = next();
    if (open !== "[" && open !== "{") throw new SearchSyntaxError('a range starts with "[" or "{"');
    const from = next();
    if (next() !== "TO") throw new SearchSyntaxError('a range reads "[from TO to]"');
    const to = next();
    const close = next();
    if (close !== "]" && close !== "}") throw new SearchSyntaxError('a range ends with "]" or "}"');
    return {
      kind: "modified",
      from: instant(from!, -Infinity),
      to: instant(to!, Infinity),
      fromOpen: open === "{",
      toOpen: close === "}",
    };
  }

  const node = expression();
  if (pos !== tokens.length) throw new SearchSyntaxError(`unexpected ${JSON.stringify(tokens[pos])}`);
  return node;
}

function instant(value: string, unbounded: number): number {
  if (value === "*") return unbounded;
  if (value === "NOW") return Date.now();
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new SearchSyntaxError(`not a date: ${value}`);
  return time;
}

export function matchesSearch(node: Node, record: IndexedRecord): boolean {
  switch (node.kind) {
    case "orcid":
      return node.ids.has(record.orcid);
    case "modified": {
      const { lastModified: at } = record;
      const afterStart = node.fromOpen ? at > node.from : at >= node.from;
      const beforeEnd = node.toOpen ? at < node.to : at <= node.to;
      return afterStart && beforeEnd;
    }
    case "bool":
      return node.op === "AND"
        ? matchesSearch(node.left, record) && matchesSearch(node.right, record)
        : matchesSearch(node.left, record) || matchesSearch(node.right, record);
  }
}
