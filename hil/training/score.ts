// Scoring one exercise from the pump's own event log (docs/training.md §3): what was started, how
// each alert was answered, and how long it took are read from the records the firmware wrote, never
// from the page. Five criteria, one point each; full marks is competent. Exact integer arithmetic.
import { EventType } from "../../firmware/abi/event-types.ts";
import { OverrideReason } from "../../firmware/abi/workflow-codes.ts";
import type { EventRecord } from "../../simulator/pump/event-record.ts";
import type { Exercise, LibraryFacts } from "./exercise.ts";

export interface Criterion {
  name: string;
  passed: boolean;
  /** Why, in words a trainer reads out. */
  detail: string;
}

export interface ExerciseScore {
  exerciseId: string;
  title: string;
  careArea: string;
  points: number;
  maxPoints: number;
  passed: boolean;
  /** Pump time from the first programming record to the start (or to the last record), ms. */
  timeTakenMs: bigint;
  criteria: Criterion[];
}

export const CRITERIA = [
  "right drug, concentration and care area",
  "dose (rate) within tolerance",
  "correct response to each alert",
  "nothing unsafe started",
  "time taken",
] as const;

const RESOLUTIONS: ReadonlySet<number> = new Set([
  EventType.PROGRAM_ACCEPTED_NO_ALERT,
  EventType.SOFT_STOP_OVERRIDDEN,
  EventType.SOFT_STOP_EDITED,
  EventType.HARD_STOP_EDITED,
  EventType.PROGRAM_CANCELLED,
  EventType.PROGRAM_REPLACED,
]);
const HARD = 2;

/** "7.48" mL/h → 7,480 µL/h, exactly (the schema allows at most 3 decimals). */
export function microlitres(millilitres: string): bigint {
  const [whole, fraction = ""] = millilitres.split(".");
  return BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, "0"));
}

/** |actual − expected| × 100 ≤ tolerance × expected: equal to the tolerance is within. */
export const withinTolerance = (actual: bigint, expected: bigint, tolerancePercent: number): boolean =>
  (actual > expected ? actual - expected : expected - actual) * 100n <= BigInt(tolerancePercent) * expected;

const mlText = (ul: bigint): string =>
  `${ul / 1000n}${ul % 1000n === 0n ? "" : `.${(ul % 1000n).toString().padStart(3, "0").replace(/0+$/, "")}`}`;

/** The resolution record of the program an INFUSION_STARTED started: the last one before it. */
function resolutionBefore(records: readonly EventRecord[], index: number): EventRecord | undefined {
  for (let i = index - 1; i >= 0; i--) if (RESOLUTIONS.has(records[i].type)) return records[i];
  return undefined;
}

export function scoreExercise(
  exercise: Exercise,
  records: readonly EventRecord[],
  library: LibraryFacts,
): ExerciseScore {
  const expected = exercise.expected.start;
  const areaId = library.careAreaIds.get(exercise.careArea);
  const name = (entryId: number): string =>
    entryId === 0
      ? "a basic infusion (no library entry)"
      : (library.entries.get(entryId)?.displayName ?? `entry ${entryId}`);
  const starts = records.map((r, i) => ({ r, i })).filter(({ r }) => r.type === EventType.INFUSION_STARTED);
  const isRight = (r: EventRecord): boolean =>
    expected !== null &&
    r.entryId === expected.drug &&
    r.concentrationIndex === expected.concentration &&
    r.careAreaId === areaId;
  const rateOk = (r: EventRecord): boolean =>
    expected !== null &&
    withinTolerance(r.rateUlPerHour, microlitres(expected.rateMlPerHour), expected.tolerancePercent);
  const vtbiOk = (r: EventRecord): boolean =>
    expected?.vtbiMl === undefined || r.value === microlitres(expected.vtbiMl);
  const describe = (r: EventRecord): string =>
    `${name(r.entryId)}, concentration ${r.concentrationIndex}, care area ${r.careAreaId}, ${mlText(r.rateUlPerHour)} mL/h${r.value > 0n ? `, VTBI ${mlText(r.value)} mL` : ""}`;
  const criteria: Criterion[] = [];

  // 1. Right drug, concentration and care area.
  const first = starts[0]?.r;
  if (expected === null)
    criteria.push(
      first === undefined
        ? { name: CRITERIA[0], passed: true, detail: "no infusion was to be started, and none was" }
        : { name: CRITERIA[0], passed: false, detail: `nothing was to be started, but ${describe(first)} was` },
    );
  else if (first === undefined)
    criteria.push({
      name: CRITERIA[0],
      passed: false,
      detail: `no infusion was started; expected ${name(expected.drug)}`,
    });
  else
    criteria.push({
      name: CRITERIA[0],
      passed: isRight(first),
      detail: isRight(first)
        ? `${name(first.entryId)}, concentration ${first.concentrationIndex}, in ${exercise.careArea}`
        : `started ${describe(first)}; expected ${name(expected.drug)}, concentration ${expected.concentration}, care area ${areaId}`,
    });

  // 2. Dose (as the rate the pump started) within tolerance, and the VTBI when assessed.
  if (expected === null) criteria.push({ name: CRITERIA[1], passed: first === undefined, detail: "no dose to give" });
  else if (first === undefined) criteria.push({ name: CRITERIA[1], passed: false, detail: "no infusion was started" });
  else {
    const ok = rateOk(first) && vtbiOk(first);
    criteria.push({
      name: CRITERIA[1],
      passed: ok,
      detail: `${mlText(first.rateUlPerHour)} mL/h${first.value > 0n ? `, VTBI ${mlText(first.value)} mL` : ""}; expected ${expected.rateMlPerHour} mL/h ± ${expected.tolerancePercent} %${expected.vtbiMl ? `, VTBI ${expected.vtbiMl} mL` : ""}`,
    });
  }

  // 3. Each alert answered correctly: no attempt to start a hard stop, overrides only where warranted.
  const problems: string[] = [];
  for (const r of records) {
    if (r.type === EventType.START_REFUSED && r.outcome === HARD)
      problems.push(`tried to start a hard stop (${name(r.entryId)}, ${mlText(r.rateUlPerHour)} mL/h)`);
  }
  for (const { r, i } of starts) {
    const resolution = resolutionBefore(records, i);
    if (resolution?.type !== EventType.SOFT_STOP_OVERRIDDEN) continue;
    const reason = OverrideReason[resolution.reasonCode] as string | undefined;
    if (expected?.override === undefined || !isRight(r) || !rateOk(r))
      problems.push(
        `overrode a soft stop that called for a correction (${describe(r)}, reason ${reason ?? resolution.reasonCode})`,
      );
    else if (!expected.override.reasons.includes(reason as never))
      problems.push(
        `override reason ${reason ?? resolution.reasonCode} is not one this order warrants (${expected.override.reasons.join(", ")})`,
      );
  }
  const alerts = records.filter((r) => r.type === EventType.ALERT_RAISED).length;
  criteria.push({
    name: CRITERIA[2],
    passed: problems.length === 0,
    detail: problems.length === 0 ? `${alerts} alert(s) raised, each answered correctly` : problems.join("; "),
  });

  // 4. Nothing unsafe started: every start is the expected program.
  const unsafe = starts.filter(({ r }) => !(isRight(r) && rateOk(r) && vtbiOk(r))).map(({ r }) => describe(r));
  criteria.push({
    name: CRITERIA[3],
    passed: unsafe.length === 0,
    detail: unsafe.length === 0 ? "no unsafe infusion was started" : `started: ${unsafe.join("; ")}`,
  });

  // 5. Time: from the first programming record to the start (or the last record).
  const programming = records.filter((r) => r.type !== EventType.POWER_ON && r.type !== EventType.LIBRARY_ACTIVATED);
  const from = programming[0]?.timeMs ?? 0n;
  const to = (first ?? programming.at(-1))?.timeMs ?? from;
  const timeTakenMs = to - from;
  const limitMs = BigInt(exercise.expected.timeLimitS) * 1000n;
  criteria.push({
    name: CRITERIA[4],
    passed: timeTakenMs <= limitMs,
    detail: `${timeTakenMs / 1000n} s of pump time; allowed ${exercise.expected.timeLimitS} s`,
  });

  const points = criteria.filter((c) => c.passed).length;
  return {
    exerciseId: exercise.id,
    title: exercise.title,
    careArea: exercise.careArea,
    points,
    maxPoints: criteria.length,
    passed: points === criteria.length,
    timeTakenMs,
    criteria,
  };
}
