// Reads the requirement and hazard documents into the references a HIL report carries
// (REQ-RPT-009): `### REQ-<AREA>-<NNN> title` headings of docs/requirements/*.md and the hazards
// of docs/hazards/*.md (format: docs/hazards/README.md). Files are read in name order; the result
// is sorted by ID, so it does not depend on the directory listing.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { HazardRef, RequirementRef } from "../model/result-model.ts";
import { parseHazards, type HazardEntry, type HazardFormatProblem } from "./hazard-format.ts";

const REQUIREMENT_HEADING = /^###\s+(REQ-[A-Z]+-\d{3})\s+(.+?)\s*$/;

interface MarkdownFile {
  /** Forward-slash path as given by root, e.g. docs/requirements/engine.md. */
  source: string;
  text: string;
}

function markdownFiles(root: string): MarkdownFile[] {
  const base = root.replace(/\\/g, "/").replace(/\/+$/, "");
  return readdirSync(root)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => ({ source: `${base}/${name}`, text: readFileSync(join(root, name), "utf8") }));
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function parseRequirements(text: string, source: string): RequirementRef[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const m = REQUIREMENT_HEADING.exec(line);
    return m === null ? [] : [{ id: m[1], title: m[2], source }];
  });
}

export function readRequirements(root = "docs/requirements"): RequirementRef[] {
  return markdownFiles(root)
    .flatMap((f) => parseRequirements(f.text, f.source))
    .sort(byId);
}

/** Every hazard with all its fields, and the format problems found (for the traceability check). */
export function readHazardAnalysis(root = "docs/hazards"): { hazards: HazardEntry[]; problems: HazardFormatProblem[] } {
  const parsed = markdownFiles(root).map((f) => parseHazards(f.text, f.source));
  return { hazards: parsed.flatMap((p) => p.hazards).sort(byId), problems: parsed.flatMap((p) => p.problems) };
}

/**
 * The hazards as the report's HazardRef (ID, title, risk controls, source). Throws on a malformed
 * hazard document rather than putting a half-read analysis into a report.
 */
export function readHazards(root = "docs/hazards"): HazardRef[] {
  const { hazards, problems } = readHazardAnalysis(root);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.source}: ${p.hazard} ${p.problem}`).join("\n  ");
    throw new Error(`hazard analysis in ${root} is malformed (format: docs/hazards/README.md):\n  ${list}`);
  }
  return hazards.map((h) => ({ id: h.id, title: h.title, controls: [...h.controls], source: h.source }));
}
