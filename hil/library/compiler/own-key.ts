// Lookups of user text (a unit, a cell, an option) in constant tables. `TABLE[text]` would find
// Object.prototype members — "constructor", "toString", "__proto__" — and hand back a function or
// an object instead of "no such entry"; only the table's own keys count.

/** `table[key]` when `key` is one of the table's own keys, else undefined. */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
