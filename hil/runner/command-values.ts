// The command spec, program values and engine-result fields shared by the typed commands of the `send` step
// (commands.ts, pca-commands.ts): a program block from a step's args, an engine result's head and
// defaults block by the names expectations use (docs/hil.md §3).
import type { PumpCommands } from "../../simulator/client/pump-commands.ts";
import type { ProgramValues } from "../../simulator/client/workflow-messages.ts";
import type { EngineResult } from "../../simulator/host/types.ts";
import type { FieldTable } from "../model/fields.ts";
import { codeOf } from "../model/vocabulary.ts";

type Fields = Record<string, unknown>;

export interface Observation {
  result: number;
  /** A refusal's detail byte; undefined for OK. */
  detail?: number;
  /** The engine result's head (CHECK_PROGRAM, PROGRAM, TITRATE, BOLUS, SECONDARY). */
  engine?: Fields;
  /** The state snapshot of a workflow response. */
  snapshot?: Fields;
  /** The command's own decoded fields (HELLO, GET_STATUS, SET_PATIENT, SELECT_DRUG, READ_ADVISORY, READ_LOG). */
  response?: Fields;
}

export interface CommandSpec {
  /** What the answer offers when OK. */
  engine: boolean;
  snapshot: boolean;
  response: FieldTable;
  run(driver: PumpCommands, args: Fields): Promise<Observation>;
}

const u64 = (value: unknown): bigint | undefined =>
  value === undefined ? undefined : BigInt(value as number | string);

export function programValues(args: Fields): ProgramValues {
  return {
    mode: codeOf("mode", args.mode as string | number),
    rateUlPerHour: u64(args.rateUlPerHour),
    dose: u64(args.dose),
    durationS: u64(args.durationS),
    vtbiUl: u64(args.vtbiUl),
    doseAmount: u64(args.doseAmount),
    lineAccess: args.lineAccess as number | undefined,
  };
}

/** An engine result as expectations name its fields: the head, and the defaults block by name (REQ-ENG-072). */
export function engineFields(r: EngineResult): Fields {
  const [defaultsMask, defaultDose, defaultRateUlPerHour, defaultDurationS, defaultVtbiUl, defaultDosePerAdmin] =
    r.defaults;
  return {
    ...r,
    defaultsMask,
    defaultDose,
    defaultRateUlPerHour,
    defaultDurationS,
    defaultVtbiUl,
    defaultDosePerAdmin,
  };
}
