// What-if replay (issue 14 §4): every logged program outcome re-evaluated by the real firmware
// engine (simulator/host/firmware.ts) with a candidate library loaded, compared with the verdict
// the pump logged. The log carries the care area, entry, concentration, mode, the delivered rate
// and the binding value (docs/event-log.md §3.4), not every request field: the request is rebuilt
// from what is there, and a record the engine cannot evaluate without a missing field (a weight,
// a BSA) is counted as not replayable with the engine's status, never guessed.
import { Mode, NO_PARAM, Param, Status, Verdict } from "../../firmware/abi/codes.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";
import type { CqiStore } from "./store.ts";

/** Program kind 1 (primary) in workflow records' detail (docs/event-log.md §3.4). */
const PRIMARY_KIND = 1;

export interface LoggedProgram {
  pumpId: string;
  sequence: number;
  typeName: string;
  careAreaId: number;
  entryId: number;
  concentrationIndex: number;
  mode: number;
  param: number;
  verdictBefore: number;
  valueRaw: bigint;
  rateUlPerHour: bigint;
}

/**
 * One row per checked program: PROGRAM_CHECK with status OK, ALERT_RAISED of a primary program
 * (each soft or hard stop once), and the go programs' one resolution (accepted, cancelled, replaced).
 */
export async function loggedPrograms(store: CqiStore): Promise<LoggedProgram[]> {
  const rows = await store.rows(
    `SELECT pump_id, sequence, type_name, care_area_id, entry_id, concentration_index, mode, param, outcome, value_raw, rate_ul_per_hour
     FROM events
     WHERE ((type_name = 'PROGRAM_CHECK' AND status = 0)
        OR (type_name = 'ALERT_RAISED' AND detail = ${PRIMARY_KIND})
        OR (type_name IN ('PROGRAM_ACCEPTED_NO_ALERT', 'PROGRAM_CANCELLED', 'PROGRAM_REPLACED') AND outcome = 0 AND detail = ${PRIMARY_KIND}))
       AND entry_id <> 0 -- a basic infusion has no library limits to replay
     ORDER BY pump_id, sequence`,
  );
  return rows.map((r) => ({
    pumpId: String(r.pump_id),
    sequence: Number(r.sequence),
    typeName: String(r.type_name),
    careAreaId: Number(r.care_area_id),
    entryId: Number(r.entry_id),
    concentrationIndex: Number(r.concentration_index),
    mode: Number(r.mode),
    param: Number(r.param),
    verdictBefore: Number(r.outcome),
    valueRaw: BigInt(r.value_raw as bigint),
    rateUlPerHour: BigInt(r.rate_ul_per_hour as bigint),
  }));
}

export interface Rebuilt {
  request: EngineRequest;
  /** The logged values give back the very request classified (else the rate re-derives the dose, engine.md §4). */
  exact: boolean;
}

/**
 * The request the log allows: the logged dose in DOSE mode when the dose was the binding value,
 * else RATE mode at the delivered rate; the VTBI when it was the binding value.
 */
export function rebuildRequest(p: LoggedProgram): Rebuilt {
  const base = { entryId: p.entryId, careAreaId: p.careAreaId, concentrationIndex: p.concentrationIndex };
  const vtbi = p.param === Param.VTBI || p.param === Param.AREA_MAX_VTBI ? { vtbiUl: p.valueRaw } : {};
  if (p.mode === Mode.DOSE && p.param === Param.DOSE)
    return { request: { ...base, mode: Mode.DOSE, dose: p.valueRaw, ...vtbi }, exact: true };
  return {
    request: { ...base, mode: Mode.RATE, rateUlPerHour: p.rateUlPerHour, ...vtbi },
    exact: p.mode === Mode.RATE,
  };
}

export interface ReplayedProgram extends LoggedProgram {
  exact: boolean;
  /** Engine status with the candidate (0 OK). */
  status: number;
  verdictAfter: number;
  paramAfter: number;
}

export function replayPrograms(engine: Firmware, programs: readonly LoggedProgram[]): ReplayedProgram[] {
  return programs.map((p) => {
    const { request, exact } = rebuildRequest(p);
    const result = engine.evaluate(request);
    const ok = result.status === Status.OK;
    return {
      ...p,
      exact,
      status: result.status,
      verdictAfter: ok ? result.verdict : Verdict.NONE,
      paramAfter: ok ? result.bindingParam : NO_PARAM,
    };
  });
}

export interface EntryChange {
  careAreaId: number;
  entryId: number;
  concentrationIndex: number;
  programs: number;
  replayed: number;
  approximate: number;
  /** Engine status name → count, for the programs the candidate cannot evaluate from the log. */
  notReplayable: Record<string, number>;
  softBefore: number;
  softAfter: number;
  hardBefore: number;
  hardAfter: number;
  /** Soft stops that would be a go (nuisance alerts removed). */
  softRemoved: number;
  /** Programs that would be a hard stop and were not. */
  newHardStops: number;
  /** Programs that were a go and would be a soft stop. */
  newSoftStops: number;
  /** Hard stops that would no longer be one. */
  hardRemoved: number;
  /** Every verdict that flips: "pump seq: BEFORE → AFTER". */
  flips: string[];
}

const VERDICT_NAME = (v: number): string => Verdict[v] ?? String(v);

export function summarizeByEntry(replayed: readonly ReplayedProgram[]): EntryChange[] {
  const byKey = new Map<string, EntryChange>();
  for (const r of replayed) {
    const key = `${r.careAreaId}/${r.entryId}/${r.concentrationIndex}`;
    let c = byKey.get(key);
    if (c === undefined) {
      c = {
        careAreaId: r.careAreaId,
        entryId: r.entryId,
        concentrationIndex: r.concentrationIndex,
        programs: 0,
        replayed: 0,
        approximate: 0,
        notReplayable: {},
        softBefore: 0,
        softAfter: 0,
        hardBefore: 0,
        hardAfter: 0,
        softRemoved: 0,
        newHardStops: 0,
        newSoftStops: 0,
        hardRemoved: 0,
        flips: [],
      };
      byKey.set(key, c);
    }
    c.programs++;
    if (r.status !== Status.OK) {
      const name = Status[r.status] ?? `STATUS_${r.status}`;
      c.notReplayable[name] = (c.notReplayable[name] ?? 0) + 1;
      continue;
    }
    c.replayed++;
    if (!r.exact) c.approximate++;
    const before = r.verdictBefore;
    const after = r.verdictAfter;
    if (before === Verdict.SOFT_STOP) c.softBefore++;
    if (before === Verdict.HARD_STOP) c.hardBefore++;
    if (after === Verdict.SOFT_STOP) c.softAfter++;
    if (after === Verdict.HARD_STOP) c.hardAfter++;
    if (before === Verdict.SOFT_STOP && after === Verdict.GO) c.softRemoved++;
    if (before !== Verdict.HARD_STOP && after === Verdict.HARD_STOP) c.newHardStops++;
    if (before === Verdict.GO && after === Verdict.SOFT_STOP) c.newSoftStops++;
    if (before === Verdict.HARD_STOP && after !== Verdict.HARD_STOP) c.hardRemoved++;
    if (before !== after)
      c.flips.push(
        `${r.pumpId} ${r.sequence}: ${VERDICT_NAME(before)} → ${VERDICT_NAME(after)}${r.exact ? "" : " (approximate)"}`,
      );
  }
  return [...byKey.values()].sort(
    (a, b) => a.careAreaId - b.careAreaId || a.entryId - b.entryId || a.concentrationIndex - b.concentrationIndex,
  );
}
