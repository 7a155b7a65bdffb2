/**
 * What Postgres refuses in a stored text: the NUL character (in text and in jsonb) and, in jsonb,
 * a lone UTF-16 surrogate. An API body or an error message can hold either; one such character
 * must not cost the whole record, nor keep a failure from being recorded.
 */
const REFUSED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with NUL characters removed and lone surrogates replaced by U+FFFD. */
export function storableText(text: string): string {
  return text.replace(REFUSED, (char) => (char === "\u0000" ? "" : "\uFFFD"));
}

/**
 * The value with every string in it made storable (plain objects and arrays are walked; dates,
 * buffers and Prisma's own markers are left as they are). Returns the same value when nothing changed.
 */
export function storableValue<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((element: unknown, index) => {
      const safe = storableValue(element);
      if (safe !== element) (copy ??= [...value])[index] = safe;
    });
    return (copy ?? value) as T;
  }
  if (isPlainObject(value)) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, field] of Object.entries(value)) {
      const safe = storableValue(field);
      const safeKey = storableText(key);
      if (safe !== field || safeKey !== key) {
        copy ??= { ...value };
        if (safeKey !== key) delete copy[key];
        copy[safeKey] = safe;
      }
    }
    return (copy ?? value) as T;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
