// The committee review packet (REQ-LC-031): one self-contained, printable HTML page with what the
// committee signs: the changes (each entry with the care areas it is offered in and whether it is
// high-alert), the lint findings, the dry-run results, the content SHA-256 being approved (what
// `approve` records), and a sign-off block. Only its inputs decide its bytes: no time, no path
// beyond the file names given, no machine.
import type { AuthorLibrary } from "../../compiler/authoring.ts";
import type { FieldChange, ItemDiff, LibraryDiff } from "../diff/compare.ts";
import { reviewText } from "../diff/markdown.ts";
import type { DryRunReport, OrderResult } from "../dryrun/run.ts";
import { detail, outcomeText, summary as dryRunSummary } from "../dryrun/format.ts";
import type { LintReport } from "../lint/lint.ts";
import { summaryLine as lintSummary } from "../lint/format.ts";
import { esc, STYLE, table } from "./html.ts";

export interface PacketInput {
  old: { file: string; library: AuthorLibrary };
  new: { file: string; library: AuthorLibrary };
  diff: LibraryDiff;
  lint: LintReport;
  /** The dry-run, or why there is none. */
  dryRun: { orders: string; report: DryRunReport } | { missing: string };
  /** contentDigest() of the new library: what approve records. */
  contentSha256: string;
}

/** The committee roles that sign, in the order approve's committee rule names them. */
export const SIGNING_ROLES = ["pharmacist", "nurse", "physician"] as const;

function fieldRows(fields: FieldChange[]): string {
  return table(
    ["field", "old", "new", "review"],
    fields.map((f) => [esc(f.field), esc(f.old), esc(f.new), esc(reviewText(f))]),
    (i) => `${fields[i].direction}${fields[i].warning === undefined ? "" : " look-alike"}`.replace(/^neutral ?/, ""),
  );
}

const CHANGE_TITLE: Readonly<Record<ItemDiff["change"], string>> = {
  added: "Added",
  removed: "Removed",
  changed: "Changed",
};

/** The context a reviewer needs beside an entry's changes: where it is offered, and high-alert. */
function entryContext(item: ItemDiff, input: PacketInput): string {
  const after = input.new.library.entries.find((e) => e.id === item.id);
  const before = input.old.library.entries.find((e) => e.id === item.id);
  const entry = after ?? before;
  if (entry === undefined) return "";
  const areas = (e: typeof entry): string => [...e.careAreas].sort().map(esc).join(", ");
  const where =
    before !== undefined && after !== undefined && areas(before) !== areas(after)
      ? `Care areas: ${areas(before)} → ${areas(after)}`
      : `Care areas: ${areas(entry)}`;
  const alert = entry.highAlert ? '<span class="high-alert">HIGH-ALERT</span> ' : "";
  return `<p class="context">${alert}${where}</p>`;
}

/** A care area's context: how many entries of the new library it offers, and the high-alert ones among them. */
function areaContext(item: ItemDiff, input: PacketInput): string {
  const area =
    input.new.library.careAreas.find((a) => a.id === item.id) ??
    input.old.library.careAreas.find((a) => a.id === item.id);
  if (area === undefined) return "";
  const offered = input.new.library.entries.filter((e) => e.careAreas.includes(area.code));
  const highAlert = offered
    .filter((e) => e.highAlert)
    .map((e) => e.displayName)
    .sort();
  return `<p class="context">Offers ${offered.length} ${offered.length === 1 ? "entry" : "entries"}; high-alert: ${highAlert.length === 0 ? "none" : highAlert.map(esc).join(", ")}</p>`;
}

function changes(title: string, items: ItemDiff[], context: (item: ItemDiff) => string): string {
  if (items.length === 0) return `<h3>${title}</h3>\n<p>No changes.</p>`;
  return [
    `<h3>${title}</h3>`,
    ...items.map((i) => `<h4>${CHANGE_TITLE[i.change]}: ${esc(i.label)}</h4>\n${context(i)}\n${fieldRows(i.fields)}`),
  ].join("\n");
}

function diffSection(input: PacketInput): string {
  const { diff } = input;
  return [
    "<section><h2>1. Changes</h2>",
    `<p>${esc(input.old.file)} (${esc(diff.old.name)} version ${diff.old.version}, ${esc(diff.old.status)}) → ${esc(input.new.file)} (${esc(diff.new.name)} version ${diff.new.version}, ${esc(diff.new.status)}). ` +
      `${diff.counts.added} added, ${diff.counts.removed} removed, ${diff.counts.changed} changed; limits ${diff.counts.loosened} loosened (▲), ${diff.counts.tightened} tightened (▼).</p>`,
    ...diff.warnings.map((w) => `<p class="warning"><strong>⚠ Warning:</strong> ${esc(w)}</p>`),
    ...(diff.library.length === 0 ? [] : [`<h3>Library</h3>\n${fieldRows(diff.library)}`]),
    changes("Care areas", diff.careAreas, (i) => areaContext(i, input)),
    changes("Entries", diff.entries, (i) => entryContext(i, input)),
    "</section>",
  ].join("\n");
}

function lintSection(lint: LintReport): string {
  const rows = lint.findings.map((f) => [
    esc(f.severity),
    esc(f.path === "" ? "/" : f.path),
    `${esc(f.message)}<br><small>why: ${esc(f.why)}</small>`,
    esc(f.rule),
  ]);
  return [
    "<section><h2>2. Lint findings (new library, default severities)</h2>",
    `<p>${esc(lintSummary(lint))}.</p>`,
    ...(rows.length === 0
      ? []
      : [
          table(["severity", "where", "finding", "rule"], rows, (i) =>
            lint.findings[i].severity === "error" ? "error" : "",
          ),
        ]),
    "</section>",
  ].join("\n");
}

function dryRunSection(input: PacketInput): string {
  const head = "<section><h2>3. Dry-run on the release firmware (new library)</h2>";
  if ("missing" in input.dryRun)
    return `${head}\n<p class="warning">No dry-run: ${esc(input.dryRun.missing)}</p>\n</section>`;
  const { report, orders } = input.dryRun;
  const rows = report.results.map((r) => [
    esc(r.order),
    esc(r.careArea),
    esc(r.entry),
    esc(r.verdict.toUpperCase()),
    esc(r.reason === null && r.binding === null ? "—" : detail(r)),
    esc(outcomeText(r)),
  ]);
  return [
    head,
    `<p>Order set ${esc(orders)}: ${esc(dryRunSummary(report))}.${report.failed ? " <strong>Some orders did not give the expected verdict.</strong>" : ""}</p>`,
    table(["order", "care area", "entry", "verdict", "binding limit or reason", "check"], rows, (i) =>
      ["MISMATCH", "UNEXPECTED ERROR", "BAD ORDER"].some((w) => outcomeText(report.results[i]).startsWith(w))
        ? "error"
        : "",
    ),
    "</section>",
  ].join("\n");
}

function signOffSection(input: PacketInput): string {
  const rows = SIGNING_ROLES.map((role) => [`${role[0].toUpperCase()}${role.slice(1)}`, "", "", ""]);
  return [
    '<section class="signoff-section"><h2>5. Sign-off</h2>',
    `<p>By signing I approve ${esc(input.new.library.name)} version ${input.new.library.version} with content SHA-256 <span class="digest">${input.contentSha256}</span>, ` +
      "having reviewed the changes, lint findings and dry-run results above. Record the approval with " +
      `<code>npm run library -- approve ${esc(input.new.file)} --approver "Name:role"</code> and check that it prints this digest.</p>`,
    `<table class="signoff"><thead><tr><th>role</th><th>name</th><th>date</th><th>signature</th></tr></thead><tbody>\n${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n")}\n</tbody></table>`,
    "</section>",
  ].join("\n");
}

export function reviewPacket(input: PacketInput): string {
  const lib = input.new.library;
  const title = `Drug library review: ${esc(lib.name)} version ${lib.version}`;
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${title}</title>`,
    `<style>${STYLE}</style>`,
    "</head><body>",
    `<h1>${title}</h1>`,
    `<p>Replaces ${esc(input.old.library.name)} version ${input.old.library.version}. Content SHA-256 being approved:</p>`,
    `<p class="digest">${input.contentSha256}</p>`,
    diffSection(input),
    lintSection(input.lint),
    dryRunSection(input),
    `<section><h2>4. Content approved</h2>\n<p>The SHA-256 of the image ${esc(lib.name)} version ${lib.version} compiles to with status draft (docs/library-tools.md §4): it covers the name, version and every compiled limit. ` +
      `<code>approve</code> records it in each approval and prints it; any edit to the library changes it and voids approvals.</p>\n<p class="digest">${input.contentSha256}</p></section>`,
    signOffSection(input),
    "</body></html>",
    "",
  ].join("\n");
}
