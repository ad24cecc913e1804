// The competency record of one trainee (docs/training.md §4): JSON for systems, CSV for a
// spreadsheet, and a printable summary page. Same scores in, same bytes out: the only time in it is
// the session label the caller passes (recordedAt), never the clock.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { escapeHtml, pageLayout } from "../../simulator/panel/render.ts";
import type { ExerciseScore } from "./score.ts";

export interface CompetencyRecord {
  trainee: string;
  /** What the caller says about when (e.g. an ISO date); undefined: not recorded. */
  recordedAt?: string;
  exercises: ExerciseScore[];
}

export const TRAINEE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export const competent = (record: CompetencyRecord): boolean =>
  record.exercises.length > 0 && record.exercises.every((e) => e.passed);

export function recordJson(record: CompetencyRecord): string {
  const exercises = record.exercises.map((e) => ({ ...e, timeTakenMs: Number(e.timeTakenMs) }));
  const passed = record.exercises.filter((e) => e.passed).length;
  return `${JSON.stringify(
    {
      trainee: record.trainee,
      ...(record.recordedAt === undefined ? {} : { recordedAt: record.recordedAt }),
      competent: competent(record),
      exercisesPassed: passed,
      exercisesTotal: record.exercises.length,
      exercises,
    },
    null,
    2,
  )}\n`;
}

const csvField = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function recordCsv(record: CompetencyRecord): string {
  const header = [
    "trainee",
    "recorded_at",
    "exercise",
    "care_area",
    "result",
    "points",
    "max_points",
    "time_taken_s",
    "failed_criteria",
  ];
  const rows = record.exercises.map((e) => [
    record.trainee,
    record.recordedAt ?? "",
    e.exerciseId,
    e.careArea,
    e.passed ? "PASS" : "FAIL",
    String(e.points),
    String(e.maxPoints),
    String(e.timeTakenMs / 1000n),
    e.criteria
      .filter((c) => !c.passed)
      .map((c) => `${c.name}: ${c.detail}`)
      .join(" | "),
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}

export function recordHtml(record: CompetencyRecord): string {
  const rows = record.exercises
    .map((e) => {
      const criteria = e.criteria
        .map(
          (c) =>
            `<li><strong>${c.passed ? "MET" : "NOT MET"}</strong>: ${escapeHtml(c.name)}: ${escapeHtml(c.detail)}</li>`,
        )
        .join("");
      return `<tr class="${e.passed ? "go" : "hard"}"><td>${escapeHtml(e.exerciseId)}<br>${escapeHtml(e.title)}</td><td>${escapeHtml(e.careArea)}</td><td><strong>${e.passed ? "PASS" : "FAIL"}</strong> (${e.points} of ${e.maxPoints})</td><td><ul>${criteria}</ul></td></tr>`;
    })
    .join("\n");
  const passed = record.exercises.filter((e) => e.passed).length;
  return pageLayout(
    `Competency record: ${record.trainee}`,
    `<main><h1>Smart-pump competency record</h1>
<p>Trainee: <strong>${escapeHtml(record.trainee)}</strong>${record.recordedAt ? `. Session: ${escapeHtml(record.recordedAt)}` : ""}.</p>
<p class="notice ${competent(record) ? "go" : "hard"}"><strong>${competent(record) ? "COMPETENT" : "NOT YET COMPETENT"}</strong>: ${passed} of ${record.exercises.length} exercises passed with full marks. Scores are read from the pump's own event log.</p>
<table><thead><tr><th>Exercise</th><th>Care area</th><th>Result</th><th>Criteria</th></tr></thead><tbody>
${rows}
</tbody></table>
<p>Assessor: ______________________ Signature: ______________________ Date: ____________</p></main>`,
  );
}

/** Writes <trainee>-competency.json, .csv and .html into `dir`; returns the three paths. */
export function writeRecord(dir: string, record: CompetencyRecord): string[] {
  if (!TRAINEE_ID.test(record.trainee)) throw new Error(`trainee id "${record.trainee}" must match ${TRAINEE_ID}`);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${record.trainee}-competency`);
  const files: [string, string][] = [
    [`${base}.json`, recordJson(record)],
    [`${base}.csv`, recordCsv(record)],
    [`${base}.html`, recordHtml(record)],
  ];
  for (const [path, text] of files) writeFileSync(path, text);
  return files.map(([path]) => path);
}
