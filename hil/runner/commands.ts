// The `send` step's commands (docs/hil.md §2): how each turns its scenario arguments into a driver
// call, and which fields its answer offers to `expect` (docs/hil.md §3). An Observation is the
// answer reduced to those fields, the same shape for every command.
import { Result } from "../../firmware/abi/protocol-codes.ts";
import type { Outcome } from "../../simulator/client/pump-commands.ts";
import { resultOf } from "../../simulator/client/messages.ts";
import type { WorkflowResponse } from "../../simulator/client/workflow-messages.ts";
import type { PumpCommands } from "../../simulator/client/pump-commands.ts";
import {
  ADVISORY_FIELDS,
  DRUG_FIELDS,
  HELLO_FIELDS,
  PATIENT_FIELDS,
  READ_LOG_FIELDS,
  STATUS_FIELDS,
  type FieldTable,
} from "../model/fields.ts";
import { codeOf } from "../model/vocabulary.ts";
import { engineFields, programValues, type CommandSpec, type Observation } from "./command-values.ts";
export type { CommandSpec, Observation } from "./command-values.ts";
import { PCA_COMMANDS } from "./pca-commands.ts";

type Fields = Record<string, unknown>;

const u64 = (value: unknown): bigint | undefined =>
  value === undefined ? undefined : BigInt(value as number | string);
const hexBytes = (hex: unknown): Uint8Array => Buffer.from(String(hex ?? "").replace(/ /g, ""), "hex");

/** An Outcome as an Observation; `pick` takes the command's own fields from an OK value. */
function observe<T>(outcome: Outcome<T>, pick: (value: T) => Omit<Observation, "result" | "detail">): Observation {
  if (!outcome.ok) return { result: outcome.result, detail: outcome.detail };
  return { result: Result.OK, ...pick(outcome.value) };
}

const workflow = (value: WorkflowResponse): Omit<Observation, "result"> => ({
  snapshot: { ...value.snapshot },
  engine: value.result === undefined ? undefined : engineFields(value.result),
  response: value.patient === undefined ? undefined : { ...value.patient },
});

const NONE: FieldTable = {};
const plain = (call: (driver: PumpCommands, args: Fields) => Promise<Outcome<WorkflowResponse>>): CommandSpec => ({
  engine: false,
  snapshot: true,
  response: NONE,
  run: async (d, a) => observe(await call(d, a), workflow),
});
const checked = (call: (driver: PumpCommands, args: Fields) => Promise<Outcome<WorkflowResponse>>): CommandSpec => ({
  engine: true,
  snapshot: true,
  response: NONE,
  run: async (d, a) => observe(await call(d, a), workflow),
});

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  HELLO: {
    engine: false,
    snapshot: false,
    response: HELLO_FIELDS,
    run: async (d, a) =>
      observe(await d.hello(a.clientProtocolVersion as number | undefined), (v) => ({ response: { ...v } })),
  },
  GET_STATUS: {
    engine: false,
    snapshot: false,
    response: STATUS_FIELDS,
    run: async (d) => observe(await d.getStatus(), (v) => ({ response: { ...v } })),
  },
  READ_LOG: {
    engine: false,
    snapshot: false,
    response: READ_LOG_FIELDS,
    run: async (d, a) =>
      observe(await d.readLog(a.fromSequence as number, a.maxRecords as number), (v) => ({
        response: { count: v.records.length },
      })),
  },
  CHECK_PROGRAM: {
    engine: true,
    snapshot: false,
    response: NONE,
    run: async (d, a) =>
      observe(
        await d.checkProgram({
          entryId: a.entryId as number,
          careAreaId: a.careAreaId as number,
          concentrationIndex: a.concentrationIndex as number,
          ...programValues(a),
          lineAccess: u64(a.lineAccess),
          weightG: u64(a.weightG),
          bsaM2X10000: u64(a.bsaM2X10000),
          bolusDose: u64(a.bolusDose),
          bolusRateUlPerHour: u64(a.bolusRateUlPerHour),
          loadingDose: u64(a.loadingDose),
          customAmountAbu: u64(a.customAmountAbu),
          customVolumeUl: u64(a.customVolumeUl),
        }),
        (v) => ({ engine: engineFields(v) }),
      ),
  },
  GET_INFUSION: plain((d) => d.getInfusion()),
  SELECT_CARE_AREA: plain((d, a) => d.selectCareArea(a.careAreaId as number)),
  SET_PATIENT: {
    ...plain((d, a) =>
      d.setPatient((a.weightG as number | undefined) ?? 0, (a.bsaM2X10000 as number | undefined) ?? 0, {
        confirmWeightG: a.confirmWeightG as number | undefined,
        ageDays: a.ageDays as number | undefined,
      }),
    ),
    response: PATIENT_FIELDS,
  },
  SELECT_DRUG: {
    engine: false,
    snapshot: true,
    response: DRUG_FIELDS,
    run: async (d, a) =>
      observe(
        await d.selectDrug({
          entryId: a.entryId as number,
          concentrationIndex: a.concentrationIndex as number,
          customAmountAbu: u64(a.customAmountAbu),
          customVolumeUl: a.customVolumeUl as number | undefined,
        }),
        (v) => ({
          snapshot: { ...v.snapshot },
          response: { ...v, ...v.defaults, snapshot: undefined, defaults: undefined },
        }),
      ),
  },
  SELECT_BASIC: plain((d, a) => d.selectBasic(codeOf("basicReason", a.reason as string | number))),
  READ_ADVISORY: {
    engine: false,
    snapshot: false,
    response: ADVISORY_FIELDS,
    run: async (d, a) =>
      observe(await d.readAdvisory(a.offset as number), (v) => ({
        response: {
          advisoryLength: v.advisoryLength,
          chunkLength: v.bytes.length,
          advisory: new TextDecoder().decode(v.bytes),
        },
      })),
  },
  PROGRAM: checked((d, a) => d.program(programValues(a))),
  TITRATE: checked((d, a) => d.titrate(programValues(a))),
  BOLUS: checked((d, a) =>
    d.bolus({
      kind: codeOf("bolusKind", a.kind as string | number) as 0 | 1,
      dose: u64(a.dose)!,
      rateUlPerHour: u64(a.rateUlPerHour)!,
    }),
  ),
  SECONDARY: checked((d, a) =>
    d.secondary({
      entryId: a.entryId as number,
      concentrationIndex: a.concentrationIndex as number,
      program: programValues(a),
    }),
  ),
  OVERRIDE: plain((d, a) =>
    d.override(
      codeOf("overrideReason", a.reason as string | number),
      a.echo === undefined ? undefined : hexBytes(a.echo),
    ),
  ),
  CANCEL: plain((d) => d.cancel()),
  START: plain((d) => d.start()),
  PAUSE: plain((d) => d.pause()),
  RESUME: plain((d) => d.resume()),
  STOP: plain((d) => d.stop()),
  ACK_ALARMS: plain((d) => d.acknowledgeAlarms()),
  SET_CONTAINER: plain((d, a) => d.setContainer(a.volumeUl as number)),
  REPORT_FLOW: plain((d, a) =>
    d.reportFlow(a.measuredUlPerHour as number, (a.freeFlow as boolean | undefined) ?? false),
  ),
  // Issue 13: an order as the gateway sends it (docs/workflow.md §8.16); answered like PROGRAM.
  AUTO_PROGRAM: checked((d, a) =>
    d.autoProgram({
      orderId: a.orderId as string,
      patientId: a.patientId as string,
      drugCode: a.drugCode as string,
      careAreaId: a.careAreaId as number,
      concentration:
        a.amountAbu === undefined
          ? undefined
          : { amountAbu: u64(a.amountAbu)!, volumeUl: a.volumeUl as number, amountUnit: a.amountUnit as number },
      doseBasis: a.doseBasis as number | undefined,
      weightG: a.weightG as number | undefined,
      bsaM2X10000: a.bsaM2X10000 as number | undefined,
      program: programValues(a),
    }),
  ),
  SILENCE_ALARMS: plain((d, a) => d.silenceAlarms(codeOf("silenceSource", a.source as string | number))),
  // Issue 15: the PCA commands, typed (pca-commands.ts).
  ...PCA_COMMANDS,
  REQUEST: {
    engine: false,
    snapshot: false,
    response: NONE,
    run: async (d, a) => {
      const frame = await d.request(a.code as number, hexBytes(a.payload));
      const result = resultOf(frame.payload);
      return result === Result.OK ? { result } : { result, detail: frame.payload[2] };
    },
  },
};
