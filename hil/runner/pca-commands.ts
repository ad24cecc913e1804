// The PCA commands of the `send` step (issue 15, docs/workflow.md §11, docs/hil.md §2): PCA_PROGRAM,
// PCA_REQUEST (the patient's handset button), PCA_CLINICIAN_BOLUS and PCA_STATUS as typed commands,
// their payloads built by simulator/client/pca-messages.ts from the byte layouts of firmware/abi (no
// offsets kept here), their answers offered to `expect` by name: the snapshot, the engine result's
// head (PCA_PROGRAM), the six PCA slots' classifications and the PCA block (docs/workflow.md §11.6).
import { Command, Result } from "../../firmware/abi/protocol-codes.ts";
import {
  decodePcaProgram,
  decodePcaResponse,
  encodeClinicianBolus,
  encodePcaProgram,
  type PcaStatus,
} from "../../simulator/client/pca-messages.ts";
import type { Outcome, PumpCommands } from "../../simulator/client/pump-commands.ts";
import type { FieldKind, FieldTable } from "../model/fields.ts";
import { codeOf } from "../model/vocabulary.ts";
import { engineFields, programValues, type CommandSpec, type Observation } from "./command-values.ts";

type Fields = Record<string, unknown>;

const int: FieldKind = { kind: "int" };
const bool: FieldKind = { kind: "bool" };
const classification: FieldKind = { kind: "enum", vocabulary: "classification" };

/** The PCA block of PCA_REQUEST, PCA_CLINICIAN_BOLUS and PCA_STATUS answers (docs/workflow.md §11.6). */
export const PCA_STATUS_FIELDS: FieldTable = {
  lastOutcome: { kind: "enum", vocabulary: "pcaOutcome" },
  lastDenial: { kind: "enum", vocabulary: "pcaDenial" },
  underWay: bool,
  patientDoseRunning: bool,
  clinicianBolusPreempted: bool,
  dosesInHour: int,
  lockoutLeftMs: int,
  windowTotalAbu: int,
  windowMaxAbu: int,
  windowS: int,
  granted: int,
  denied: int,
};

/** PCA_PROGRAM's six PCA slots (parameters 23–28, docs/abi.md §5.1): classification, and the basal in the window. */
const SLOT_NAMES = [
  "pcaDoseClassification",
  "pcaLockoutClassification",
  "pcaMaxDosesPerHourClassification",
  "pcaClinicianBolusClassification",
  "pcaWindowMaxClassification",
  "pcaBasalInWindowClassification",
] as const;
export const PCA_PROGRAM_FIELDS: FieldTable = {
  ...Object.fromEntries(SLOT_NAMES.map((name) => [name, classification])),
  pcaBasalInWindowAbu: int,
};

const u64 = (value: unknown): bigint => BigInt((value ?? 0) as number | string);

/** PCA_PROGRAM's payload from the step's args: the basal's program block, then the PCA settings. */
export function pcaProgramPayload(args: Fields): Uint8Array {
  return encodePcaProgram(programValues(args), {
    doseAbu: u64(args.pcaDoseAbu),
    lockoutS: args.lockoutS as number,
    maxDosesPerHour: args.maxDosesPerHour as number,
    windowMaxAbu: u64(args.windowMaxAbu),
    windowS: args.windowS as number,
  });
}

/** PCA_CLINICIAN_BOLUS's payload from the step's args. */
export function clinicianBolusPayload(args: Fields): Uint8Array {
  const reason = args.overrideReason === undefined ? 0 : codeOf("overrideReason", args.overrideReason as string);
  return encodeClinicianBolus(u64(args.doseAbu), args.durationS as number, reason);
}

function observe<T>(outcome: Outcome<T>, pick: (value: T) => Omit<Observation, "result" | "detail">): Observation {
  if (!outcome.ok) return { result: outcome.result, detail: outcome.detail };
  return { result: Result.OK, ...pick(outcome.value) };
}

const pcaBlock = (pca: PcaStatus): Fields => ({ ...pca });

/** A command answered by the snapshot and the PCA block. */
function withPcaBlock(code: Command, payload: (args: Fields) => Uint8Array): CommandSpec {
  return {
    engine: false,
    snapshot: true,
    response: PCA_STATUS_FIELDS,
    run: async (d: PumpCommands, a: Fields) =>
      observe(await d.typed(code, payload(a), decodePcaResponse), (v) => ({
        snapshot: { ...v.snapshot },
        response: pcaBlock(v.pca),
      })),
  };
}

const EMPTY = new Uint8Array(0);

export const PCA_COMMANDS: Readonly<Record<string, CommandSpec>> = {
  PCA_PROGRAM: {
    engine: true,
    snapshot: true,
    response: PCA_PROGRAM_FIELDS,
    run: async (d, a) => {
      const payload = pcaProgramPayload(a);
      // An OVERRIDE without echo echoes the 68 bytes, as for every program-checking command.
      d.lastProgramPayload = payload;
      return observe(await d.typed(Command.PCA_PROGRAM, payload, decodePcaProgram), (v) => ({
        snapshot: { ...v.snapshot },
        engine: engineFields(v.result),
        response: {
          ...Object.fromEntries(SLOT_NAMES.map((name, i) => [name, v.pcaSlots[i].classification])),
          pcaBasalInWindowAbu: v.pcaSlots[5].displayValue,
        },
      }));
    },
  },
  PCA_REQUEST: withPcaBlock(Command.PCA_REQUEST, () => EMPTY),
  PCA_CLINICIAN_BOLUS: withPcaBlock(Command.PCA_CLINICIAN_BOLUS, clinicianBolusPayload),
  PCA_STATUS: withPcaBlock(Command.PCA_STATUS, () => EMPTY),
};
