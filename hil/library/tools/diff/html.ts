// The library diff as a standalone HTML page (REQ-LC-013), the same content and order as the
// Markdown, with loosened and tightened limits coloured for a printed committee packet.
import type { FieldChange, ItemDiff, LibraryDiff } from "./compare.ts";
import { terminalSafe } from "../../compiler/terminal-text.ts";
import { reviewText } from "./markdown.ts";

const esc = (text: string | null): string =>
  text === null
    ? "—"
    : terminalSafe(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function fieldTable(fields: FieldChange[]): string {
  const rows = fields.map(
    (f) =>
      `<tr class="${f.direction}${f.warning === undefined ? "" : " look-alike"}"><td>${esc(f.field)}</td><td>${esc(f.old)}</td><td>${esc(f.new)}</td><td>${esc(reviewText(f))}</td></tr>`,
  );
  return `<table><thead><tr><th>field</th><th>old</th><th>new</th><th>review</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

const TITLE: Readonly<Record<ItemDiff["change"], string>> = { added: "Added", removed: "Removed", changed: "Changed" };

function section(title: string, items: ItemDiff[]): string {
  const body =
    items.length === 0
      ? "<p>No changes.</p>"
      : items.map((i) => `<h3>${TITLE[i.change]}: ${esc(i.label)}</h3>\n${fieldTable(i.fields)}`).join("\n");
  return `<h2>${title}</h2>\n${body}`;
}

export function diffHtml(diff: LibraryDiff): string {
  const title = `Drug library changes: ${esc(diff.old.name)} version ${diff.old.version} → ${esc(diff.new.name)} version ${diff.new.version}`;
  const count = (items: ItemDiff[], change: ItemDiff["change"]): number =>
    items.filter((i) => i.change === change).length;
  const countRow = (name: string, items: ItemDiff[]): string =>
    `<tr><td>${name}</td><td>${count(items, "added")}</td><td>${count(items, "removed")}</td><td>${count(items, "changed")}</td></tr>`;
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${title}</title>`,
    "<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;text-align:left}.loosened{background:#fde2e1}.tightened{background:#e1f3e5}.look-alike td:nth-child(3){outline:2px solid #c60;font-weight:bold}.warning{border:2px solid #c60;padding:4px}</style>",
    "</head><body>",
    `<h1>${title}</h1>`,
    `<p>Old: ${esc(diff.old.status)}. New: ${esc(diff.new.status)}. Limits: ${diff.counts.loosened} loosened (▲), ${diff.counts.tightened} tightened (▼).</p>`,
    ...diff.warnings.map((w) => `<p class="warning"><strong>⚠ Warning:</strong> ${esc(w)}</p>`),
    `<table><thead><tr><th></th><th>added</th><th>removed</th><th>changed</th></tr></thead><tbody>\n${countRow("care areas", diff.careAreas)}\n${countRow("entries", diff.entries)}\n</tbody></table>`,
    ...(diff.library.length === 0 ? [] : [`<h2>Library</h2>\n${fieldTable(diff.library)}`]),
    section("Care areas", diff.careAreas),
    section("Entries", diff.entries),
    "</body></html>",
    "",
  ].join("\n");
}
