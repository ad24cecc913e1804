// The library diff as Markdown for a committee review or a merge request (REQ-LC-013): a summary
// table, then each changed care area and entry (by ascending id) with old → new per field.
// Same diff, same bytes: nothing depends on time, paths or the machine.
import { terminalSafe } from "../../compiler/terminal-text.ts";
import type { FieldChange, ItemDiff, LibraryDiff } from "./compare.ts";

export const DIRECTION_MARK: Readonly<Record<FieldChange["direction"], string>> = {
  loosened: "▲ loosened",
  tightened: "▼ tightened",
  neutral: "",
};

// Invisible and control characters are shown as \uXXXX: a reviewer must see them.
const cell = (text: string | null): string =>
  text === null ? "—" : terminalSafe(text.replace(/\|/g, "\\|").replace(/\r?\n/g, " "));

/** The review column: the direction, and a warning a look-alike or invisible change needs. */
export function reviewText(f: FieldChange): string {
  const mark = DIRECTION_MARK[f.direction];
  if (f.warning === undefined) return mark;
  return `${mark === "" ? "" : `${mark} `}⚠ ${f.warning}`;
}

function fieldTable(fields: FieldChange[]): string[] {
  return [
    "| field | old | new | review |",
    "|---|---|---|---|",
    ...fields.map((f) => `| ${f.field} | ${cell(f.old)} | ${cell(f.new)} | ${reviewText(f)} |`),
  ];
}

const TITLE: Readonly<Record<ItemDiff["change"], string>> = { added: "Added", removed: "Removed", changed: "Changed" };

function section(title: string, items: ItemDiff[]): string[] {
  if (items.length === 0) return [`## ${title}`, "", "No changes.", ""];
  return [
    `## ${title}`,
    "",
    ...items.flatMap((item) => [`### ${TITLE[item.change]}: ${cell(item.label)}`, "", ...fieldTable(item.fields), ""]),
  ];
}

function countRow(name: string, items: ItemDiff[]): string {
  const n = (change: ItemDiff["change"]): number => items.filter((i) => i.change === change).length;
  return `| ${name} | ${n("added")} | ${n("removed")} | ${n("changed")} |`;
}

export function diffMarkdown(diff: LibraryDiff): string {
  const lines = [
    `# Drug library changes: ${cell(diff.old.name)} version ${diff.old.version} → ${cell(diff.new.name)} version ${diff.new.version}`,
    "",
    `Old: ${diff.old.status}. New: ${diff.new.status}. Limits: ${diff.counts.loosened} loosened (▲), ${diff.counts.tightened} tightened (▼).`,
    "",
    ...diff.warnings.flatMap((w) => [`**⚠ Warning:** ${cell(w)}`, ""]),
    "| | added | removed | changed |",
    "|---|---|---|---|",
    countRow("care areas", diff.careAreas),
    countRow("entries", diff.entries),
    "",
    ...(diff.library.length === 0 ? [] : ["## Library", "", ...fieldTable(diff.library), ""]),
    ...section("Care areas", diff.careAreas),
    ...section("Entries", diff.entries),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}
