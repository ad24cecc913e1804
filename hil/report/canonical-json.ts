// Canonical JSON for report.json (REQ-RPT-002): object keys sorted at every level (by UTF-16 code
// unit, like Array.prototype.sort), two-space indent, a trailing newline, and integers only. A
// float, NaN, an unsafe integer or a bigint is refused rather than written: a number whose text
// depends on the formatter, or that lost precision, would make two reports of one run differ.
// Properties whose value is `undefined` are omitted (optional fields such as `timestamp`).

export class CanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`canonical JSON: ${path} ${reason}`);
    this.name = "CanonicalJsonError";
  }
}

export function canonicalJson(value: unknown): string {
  return `${write(value, "$", "")}\n`;
}

function write(value: unknown, path: string, indent: string): string {
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return integer(value, path);
  if (typeof value === "bigint") {
    throw new CanonicalJsonError(path, `is the bigint ${value}n; write values beyond 2^53 as decimal strings`);
  }
  if (Array.isArray(value)) return array(value, path, indent);
  if (typeof value === "object" && isPlain(value)) return object(value as Record<string, unknown>, path, indent);
  throw new CanonicalJsonError(path, `is a ${describe(value)}, which JSON cannot hold`);
}

function integer(value: number, path: string): string {
  if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `is ${value}; only integers are allowed`);
  if (!Number.isInteger(value))
    throw new CanonicalJsonError(path, `is ${value}, not an integer; use an integer in a smaller unit`);
  if (!Number.isSafeInteger(value)) {
    throw new CanonicalJsonError(path, `is ${value}, beyond 2^53 - 1; write it as a decimal string`);
  }
  return Object.is(value, -0) ? "0" : String(value);
}

function array(items: unknown[], path: string, indent: string): string {
  if (items.length === 0) return "[]";
  const inner = `${indent}  `;
  const lines = items.map((item, i) => {
    if (item === undefined) throw new CanonicalJsonError(`${path}[${i}]`, "is undefined");
    return inner + write(item, `${path}[${i}]`, inner);
  });
  return `[\n${lines.join(",\n")}\n${indent}]`;
}

function object(record: Record<string, unknown>, path: string, indent: string): string {
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  if (keys.length === 0) return "{}";
  const inner = `${indent}  `;
  const lines = keys.map((key) => `${inner}${JSON.stringify(key)}: ${write(record[key], `${path}.${key}`, inner)}`);
  return `{\n${lines.join(",\n")}\n${indent}}`;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value !== "object" || value === null) return typeof value;
  return value.constructor?.name ?? "object";
}
