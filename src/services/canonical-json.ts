import { stringify } from "safe-stable-stringify";

/** JSON with every object's keys in order: equal for equal content, however the keys were ordered. */
export function canonical(value: unknown): string {
  return stringify(value) ?? "undefined";
}
