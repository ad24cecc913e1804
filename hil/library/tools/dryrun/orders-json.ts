// The JSON form of an order set: [ { "order": "H1", "careArea": "ICU-ADULT", ... } ] or
// { "orders": [ ... ] }. Values are strings, as in the library format, so decimals stay exact.
// Read with the library's strict JSON reader: a repeated key is an error, not a silent override.
// A JSON syntax error spoils the whole file (exit 2); a bad order is that order's problem only.
import { pointer } from "../../compiler/errors.ts";
import { parseJsonText } from "../../compiler/json-text.ts";
import { CommandError } from "../lifecycle/cli-support.ts";
import type { RawOrder } from "./raw-order.ts";

export function readJsonOrders(file: string, text: string, columns: readonly string[]): RawOrder[] {
  const parsed = parseJsonText(text, file);
  if (!parsed.ok)
    throw new CommandError(
      `the order set has errors:\n${parsed.errors.map((e) => `${file} ${e.path === "" ? "/" : e.path}: ${e.message} [${e.rule}]`).join("\n")}`,
    );
  const json = parsed.json;
  const wrapped = typeof json === "object" && json !== null && !Array.isArray(json);
  const list = wrapped ? (json as { orders?: unknown }).orders : json;
  const base = wrapped ? "/orders" : "";
  if (!Array.isArray(list)) throw new CommandError(`${file}: expected an array of orders or { "orders": [...] }`);
  return list.map((item: unknown, i): RawOrder => {
    const path = pointer(base, i);
    const problems: string[] = [];
    const object =
      typeof item === "object" && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
    if (object === undefined) problems.push(`${file} ${path}: an order must be an object`);
    for (const [key, value] of Object.entries(object ?? {})) {
      if (!columns.includes(key))
        problems.push(`${file} ${pointer(path, key)}: unknown field; fields: ${columns.join(", ")}`);
      else if (typeof value !== "string")
        problems.push(
          `${file} ${pointer(path, key)}: write the value as a string, e.g. "12.5", so decimals stay exact`,
        );
    }
    const get = (column: string): string => {
      const value = Object.hasOwn(object ?? {}, column) ? object?.[column] : undefined;
      return typeof value === "string" ? value.trim() : "";
    };
    return { where: `${file} ${path}`, get, problems, at: (column) => `${file} ${pointer(path, column)}` };
  });
}
