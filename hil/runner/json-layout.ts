// Lays out a JSON value for people: a value stays on one line when it fits in 110 columns, lists
// of plain values wrap like prose, everything else is indented by two spaces. Deterministic, so a
// generated file (docs/schema/hil-scenario.schema.json) can be compared byte for byte.
const WIDTH = 110;

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0
      ? "{}"
      : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}

function wrapped(items: unknown[], inner: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of items.map((v) => JSON.stringify(v))) {
    if (line !== "" && inner.length + line.length + item.length + 2 > WIDTH) {
      lines.push(line);
      line = "";
    }
    line += `${line === "" ? "" : " "}${item},`;
  }
  lines.push(line.slice(0, -1));
  return lines;
}

function layout(value: unknown, indent: string): string {
  const flat = oneLine(value);
  if (flat.length + indent.length <= WIDTH || typeof value !== "object" || value === null) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const lines = value.every((v) => typeof v !== "object" || v === null)
      ? wrapped(value, inner)
      : value.map((v, i) => layout(v, inner) + (i < value.length - 1 ? "," : ""));
    return `[\n${lines.map((l) => inner + l).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, inner)}`);
  return `{\n${entries.join(",\n")}\n${indent}}`;
}

/** The text of a JSON file: the laid-out value and a final newline. */
export const jsonLayout = (value: unknown): string => `${layout(value, "")}\n`;
