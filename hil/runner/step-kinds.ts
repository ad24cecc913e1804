// The step kinds of a scenario (docs/hil.md §2) as one table, like the send step's COMMANDS: for
// each kind, whether it acts on the pump (an acting step moves the expectEvent window), its line in
// the report, and its checks. The table's type makes the compiler reject a kind of
// model/scenario.ts STEP_KEYS that has no row, or a row for no kind.
import { resultName } from "../../simulator/client/names.ts";
import {
  checkField,
  checkFields,
  checkWithin,
  EVENT_FIELDS,
  LINK_FIELDS,
  SNAPSHOT_FIELDS,
  type Check,
} from "../model/fields.ts";
import type { Step, StepKey } from "../model/scenario.ts";
import { COMMANDS } from "./commands.ts";
import type { StepContext } from "./step-context.ts";
import { checkSend, DEFAULT_SEND_EXPECT } from "./expectations.ts";
import { checkEvent, checkFrames, checkTransfer } from "./step-checks.ts";
import { GATEWAY_STEP_KINDS } from "./gateway-step-kinds.ts";

type StepOf<K extends StepKey> = Extract<Step, Record<K, unknown>>;

export interface StepKind<K extends StepKey> {
  /** Acts on the pump or the line (expectEvent then looks only at frames from this step on). */
  acting: boolean;
  /** The report's one-line description, as written in the scenario file. */
  describe(step: StepOf<K>): string;
  /** Runs the step; each check gives one expected and one observed line. */
  check(step: StepOf<K>, context: StepContext): Promise<Check[]>;
}

const json = (value: unknown): string => JSON.stringify(value);
const none = async (action: Promise<unknown>): Promise<Check[]> => action.then(() => []);

export const STEP_KINDS: { readonly [K in StepKey]: StepKind<K> } = {
  send: {
    acting: true,
    describe: (step) =>
      `send ${step.send}${step.args === undefined || Object.keys(step.args).length === 0 ? "" : ` ${json(step.args)}`}`,
    check: async (step, { driver }) => {
      const command = COMMANDS[step.send];
      return checkSend(
        step.expect ?? DEFAULT_SEND_EXPECT,
        await command.run(driver, { ...(step.args ?? {}) }),
        command,
      );
    },
  },
  local: {
    acting: true,
    describe: (step) =>
      `local ${step.local}${step.args === undefined || Object.keys(step.args).length === 0 ? "" : ` ${json(step.args)}`}`,
    check: async (step, { driver }) => {
      const command = COMMANDS[step.local];
      return checkSend(
        step.expect ?? DEFAULT_SEND_EXPECT,
        await command.run(driver.local, { ...(step.args ?? {}) }),
        command,
      );
    },
  },
  sendRaw: {
    acting: true,
    describe: (step) => `sendRaw ${step.sendRaw}`,
    check: async (step, { driver }) => {
      const frames = await driver.sendRaw(Buffer.from(step.sendRaw.replace(/ /g, ""), "hex"));
      return step.expect === undefined ? [] : checkFrames(step.expect.frames, frames);
    },
  },
  advance: {
    acting: true,
    describe: (step) => `advance ${step.advance} ms`,
    check: (step, { driver }) => none(driver.advance(step.advance)),
  },
  fault: {
    acting: true,
    describe: ({ fault }) =>
      `fault ${[
        ...(fault.set === undefined ? [] : [`set [${fault.set.join(", ")}]`]),
        ...(fault.flow === undefined ? [] : [`flow [${fault.flow.join(", ")}]`]),
      ].join(", ")}`,
    check: (step, { driver }) => none(driver.setInputs(step.fault)),
  },
  powerCycle: { acting: true, describe: () => "powerCycle", check: (_step, { driver }) => none(driver.powerCycle()) },
  line: {
    acting: true,
    describe: (step) => `line ${json(step.line)}`,
    check: (step, context) => {
      context.useSeed(step.line.seed);
      return none(context.driver.impairLine(step.line));
    },
  },
  reservoir: {
    acting: true,
    describe: (step) => `reservoir ${step.reservoir.ul} µL`,
    check: (step, { driver }) => none(driver.setReservoir(BigInt(step.reservoir.ul))),
  },
  provisionKey: {
    acting: true,
    describe: (step) => `provisionKey ${step.provisionKey}`,
    check: async (step, { driver }) => {
      const status = await driver.provisionKey(new Uint8Array(Buffer.from(step.provisionKey, "hex")));
      return [checkField("status", { kind: "enum", vocabulary: "status" }, step.expect?.status ?? "OK", status)];
    },
  },
  transferLibrary: {
    acting: true,
    describe: (step) => {
      const { file, sha256, chunkBytes, activate } = step.transferLibrary;
      return `transferLibrary ${file} sha256 ${sha256}${chunkBytes === undefined ? "" : ` chunkBytes ${chunkBytes}`}${activate ? " and activate" : " without activating"}`;
    },
    check: (step, { driver }) => checkTransfer(step, driver),
  },
  expectEvent: {
    acting: false,
    describe: (step) => `expectEvent ${json(step.expectEvent)}`,
    check: async (step, context) => checkEvent(step.expectEvent, context),
  },
  expectLog: {
    acting: false,
    describe: (step) => `expectLog last ${step.expectLog.types.length}: ${step.expectLog.types.join(", ")}`,
    check: async (step, { driver }) => {
      const { types } = step.expectLog;
      const tail = await driver.readLogTail(types.length);
      const absent = tail.ok ? "the log holds fewer records" : `READ_LOG refused ${resultName(tail.result)}`;
      const records = tail.ok ? tail.value : [];
      return types.map((type, i) => {
        const record = records[records.length - types.length + i];
        return checkField(`log[-${types.length - i}].type`, EVENT_FIELDS.type, type, record?.type, absent);
      });
    },
  },
  expectMotor: {
    acting: false,
    describe: (step) => `expectMotor ${json(step.expectMotor)} µL/h`,
    check: async (step, { driver }) => [
      checkField("motorRateUlPerHour", { kind: "int" }, step.expectMotor, await driver.motorRate()),
    ],
  },
  expectDelivered: {
    acting: false,
    describe: (step) => `expectDelivered ${step.expectDelivered.ul} ± ${step.expectDelivered.toleranceUl ?? 0} µL`,
    check: async (step, { driver }) => {
      const { ul, toleranceUl = 0 } = step.expectDelivered;
      return [checkWithin("deliveredUl", BigInt(ul), BigInt(toleranceUl), await driver.deliveredUl())];
    },
  },
  expectState: {
    acting: false,
    describe: (step) => `expectState ${json(step.expectState)}`,
    check: async (step, { driver }) => {
      const infusion = await driver.getInfusion();
      const snapshot = infusion.ok ? { ...infusion.value.snapshot } : undefined;
      return checkFields(
        "",
        SNAPSHOT_FIELDS,
        step.expectState,
        snapshot,
        infusion.ok ? undefined : `GET_INFUSION refused ${resultName(infusion.result)}`,
      );
    },
  },
  expectLink: {
    acting: false,
    describe: (step) => `expectLink ${json(step.expectLink)}`,
    check: async (step, { driver }) => checkFields("", LINK_FIELDS, step.expectLink, driver.linkCounters()),
  }, // Issue 13: the gateway-backed steps (docs/hil.md §9).
  ...GATEWAY_STEP_KINDS,
};

/** The one key that makes this step (the schema guarantees exactly one). */
export function kindOf(step: Step): StepKey {
  const key = (Object.keys(STEP_KINDS) as StepKey[]).find((k) => k in step);
  if (key === undefined) throw new Error(`a step needs one of the keys: ${Object.keys(STEP_KINDS).join(", ")}`);
  return key;
}

export function describeStep(step: Step): string {
  const kind = STEP_KINDS[kindOf(step)] as StepKind<StepKey>;
  return kind.describe(step as never);
}
