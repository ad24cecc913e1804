// Parser of the hazard analysis (docs/hazards/*.md, format in docs/hazards/README.md):
//
//   ### HAZ-001 Tenfold dose keying error
//   - Hazardous situation: …          - Harm: …            - Cause: …
//   - Severity: catastrophic — …      - Control measure: … (prose)
//   - Risk control: REQ-ENG-010, REQ-WF-010          (requirement IDs only)
//   - Verification: tests/firmware/evaluate.test.ts, SC-WF-010-heparin-hard-stop
//   - Residual risk: …
//
// A field is a `- Name: value` line; indented lines after it continue its value. Fenced code
// blocks are skipped, so a document may show the format without defining a hazard. The parser
// reports what is malformed; whether IDs and files exist is the traceability check's business.

export const HAZARD_ID = /\bHAZ-\d{3}\b/g;
const HEADING = /^###\s+(HAZ-\d{3})\s+(.+?)\s*$/;
const OTHER_HEADING = /^#{1,3}\s/;
const FIELD = /^-\s+([A-Za-z][A-Za-z ]*?):\s*(.*)$/;
const CONTROL_LIST = /^REQ-[A-Z]+-\d{3}(\s*,\s*REQ-[A-Z]+-\d{3})*$/;
const TEST_FILE = /^tests\/[\w./-]+\.test\.ts$/;
const SCENARIO_ID = /^SC-[\w.-]+$/;

export const SEVERITIES = ["negligible", "minor", "serious", "critical", "catastrophic"] as const;
export const REQUIRED_FIELDS = [
  "Hazardous situation",
  "Harm",
  "Cause",
  "Severity",
  "Risk control",
  "Verification",
  "Residual risk",
] as const;
export const OPTIONAL_FIELDS = ["Control measure", "Note"] as const;
const KNOWN_FIELDS = new Set<string>([...REQUIRED_FIELDS, ...OPTIONAL_FIELDS]);

export interface HazardEntry {
  id: string;
  title: string;
  source: string;
  /** Field name → value, as written. */
  fields: Record<string, string>;
  /** Requirement IDs of the Risk control field. */
  controls: string[];
  /** Test files (tests/….test.ts) of the Verification field. */
  verificationTests: string[];
  /** Scenario IDs (SC-…) of the Verification field. */
  verificationScenarios: string[];
}

export interface HazardFormatProblem {
  source: string;
  hazard: string;
  problem: string;
}

export interface ParsedHazards {
  hazards: HazardEntry[];
  problems: HazardFormatProblem[];
}

export const isVerificationTest = (item: string): boolean => TEST_FILE.test(item);
export const isScenarioId = (item: string): boolean => SCENARIO_ID.test(item);

interface Section {
  id: string;
  title: string;
  lines: string[];
}

function sections(text: string): Section[] {
  const out: Section[] = [];
  let current: Section | undefined;
  let fenced = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || /^\s*(```|~~~)/.test(line)) continue;
    const heading = HEADING.exec(line);
    if (heading !== null) {
      current = { id: heading[1], title: heading[2], lines: [] };
      out.push(current);
    } else if (OTHER_HEADING.test(line)) {
      current = undefined;
    } else if (current !== undefined) {
      current.lines.push(line);
    }
  }
  return out;
}

function fieldsOf(section: Section, report: (problem: string) => void): Record<string, string> {
  const fields: Record<string, string> = {};
  let last: string | undefined;
  for (const line of section.lines) {
    const field = FIELD.exec(line);
    if (field !== null) {
      const [, name, value] = field;
      if (!KNOWN_FIELDS.has(name)) report(`unknown field "${name}" (fields: ${[...KNOWN_FIELDS].join(", ")})`);
      else if (name in fields) report(`field "${name}" appears twice`);
      else fields[name] = value.trim();
      last = KNOWN_FIELDS.has(name) ? name : undefined;
    } else if (/^\s{2,}\S/.test(line) && last !== undefined) {
      fields[last] = `${fields[last]} ${line.trim()}`.trim();
    } else {
      last = undefined;
    }
  }
  return fields;
}

const items = (value: string): string[] =>
  value
    .split(",")
    .map((s) => s.trim().replace(/^`(.*)`$/, "$1"))
    .filter((s) => s !== "");

function entryOf(section: Section, source: string, problems: HazardFormatProblem[]): HazardEntry {
  const report = (problem: string): void => void problems.push({ source, hazard: section.id, problem });
  const fields = fieldsOf(section, report);
  for (const name of REQUIRED_FIELDS) if ((fields[name] ?? "") === "") report(`has no "${name}"`);
  const severity = fields.Severity?.split(/[\s—–,;:(]/)[0]?.toLowerCase();
  if (severity !== undefined && severity !== "" && !(SEVERITIES as readonly string[]).includes(severity)) {
    report(`severity "${severity}" is not one of ${SEVERITIES.join(", ")}`);
  }
  const controlText = fields["Risk control"] ?? "";
  if (controlText !== "" && !CONTROL_LIST.test(controlText))
    report('"Risk control" must list requirement IDs separated by commas (prose goes in "Control measure")');
  const verification = items(fields.Verification ?? "");
  for (const item of verification) {
    if (!isVerificationTest(item) && !isScenarioId(item))
      report(`verification "${item}" is neither a test file (tests/….test.ts) nor a scenario id (SC-…)`);
  }
  return {
    id: section.id,
    title: section.title,
    source,
    fields,
    controls: [...controlText.matchAll(/REQ-[A-Z]+-\d{3}/g)].map((m) => m[0]),
    verificationTests: verification.filter(isVerificationTest),
    verificationScenarios: verification.filter(isScenarioId),
  };
}

export function parseHazards(text: string, source: string): ParsedHazards {
  const problems: HazardFormatProblem[] = [];
  const hazards = sections(text).map((s) => entryOf(s, source, problems));
  return { hazards, problems };
}
