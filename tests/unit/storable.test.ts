import { describe, expect, it } from "vitest";
import { storableText, storableValue } from "../../src/db/storable.ts";

describe("texts Postgres refuses", () => {
  it("drops NUL characters and replaces lone surrogates, keeping pairs", () => {
    expect(storableText("a\u0000b")).toBe("ab");
    expect(storableText("x\uD800y\uDC00z")).toBe("x\uFFFDy\uFFFDz");
    expect(storableText("emoji \uD83D\uDE00 stays")).toBe("emoji \uD83D\uDE00 stays");
  });

  it("cleans every string of a nested payload, keys included, and leaves other values alone", () => {
    const when = new Date(0);
    const payload = { title: "T\u0000", list: ["ok", "b\u0000ad"], nested: { "k\u0000": 1, when } };
    expect(storableValue(payload)).toEqual({ title: "T", list: ["ok", "bad"], nested: { k: 1, when } });
    expect(storableValue(payload).nested.when).toBe(when);
    // The caller's object is not changed, and a clean one is returned as it is.
    expect(payload.title).toBe("T\u0000");
    const clean = { a: ["b"], c: 1 };
    expect(storableValue(clean)).toBe(clean);
  });
});
