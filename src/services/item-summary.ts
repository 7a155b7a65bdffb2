import type { ReviewLinkRow } from "../db/repositories/links.ts";

/** What a mentor's lists (the digest, the mentor page) show of a linked item. */
export function itemSummary(link: {
  itemId: number;
  item: Pick<ReviewLinkRow["item"], "kind" | "title" | "year" | "venue">;
}) {
  const { kind, title, year, venue } = link.item;
  return { itemId: link.itemId, kind, title, year, venue };
}
