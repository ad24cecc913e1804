// One order as read from a CSV row or a JSON object, before its values are parsed: where it came
// from (for messages) and its cells by column name. Both readers produce it; orders.ts parses it.
export interface RawOrder {
  where: string;
  get(column: string): string;
  at(column: string): string;
  /** What the reader already found wrong with this order (e.g. an unknown JSON field). */
  problems: string[];
}
