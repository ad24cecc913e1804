// Runs one step of a scenario (docs/hil.md §2) and judges it: pass when every checked field
// matches, fail on a mismatch or when the pump does not answer, blocked when the step needs rig
// control the target lacks. Each checked field gives one expected and one observed line.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FrameType, Result } from "../../firmware/abi/protocol-codes.ts";
import type { Frame } from "../../simulator/client/frame.ts";
import { resultOf } from "../../simulator/client/messages.ts";
import { resultName } from "../../simulator/client/names.ts";
import { decodeRecord, type EventRecord } from "../../simulator/pump/event-record.ts";
import { COMMANDS } from "./commands.ts";
import { RigControlMissingError, type HilDriver } from "./driver.ts";
import { checkSend, DEFAULT_SEND_EXPECT } from "./expectations.ts";
import { checkField, checkFields, checkWithin, EVENT_FIELDS, FRAME_FIELDS, LINK_FIELDS, SNAPSHOT_FIELDS, TRANSFER_FIELDS, type Check } from "../model/fields.ts";
import { REPOSITORY_ROOT } from "./load-scenarios.ts";
import type { Verdict } from "../model/result-model.ts";
import type { FieldMatch, Step, TransferLibraryStep } from "../model/scenario.ts";
import { nameOf } from "../model/vocabulary.ts";

export interface StepRun {
  verdict: Verdict;
  expected: string[];
  observed: string[];
  message?: string;
}

/** Where expectEvent looks: the frame index where the last acting step began, moved past each match. */
export interface EventWindow {
  cursor: number;
}

export interface StepContext {
  driver: HilDriver;
  window: EventWindow;
  /** Records a seed the step used (line impairments). */
  useSeed(seed: number): void;
}

const ACTING = ["send", "sendRaw", "advance", "fault", "powerCycle", "line", "reservoir", "provisionKey", "transferLibrary"];

function frameFields(frame: Frame): Record<string, unknown> {
  const result = frame.type === FrameType.RESPONSE ? resultOf(frame.payload) : undefined;
  const detail = result !== undefined && result !== Result.OK ? frame.payload[2] : undefined;
  return { type: frame.type, sequence: frame.sequence, command: frame.code, result, detail };
}

function checkFrames(expected: readonly FieldMatch[], frames: Frame[]): Check[] {
  const checks = [checkField("frames", { kind: "int" }, expected.length, frames.length)];
  expected.forEach((match, i) => {
    for (const check of checkFields(`frames[${i}].`, FRAME_FIELDS, match, frames[i] === undefined ? undefined : frameFields(frames[i]), "no such frame")) checks.push(check);
  });
  return checks;
}

function checkEvent(match: FieldMatch, context: StepContext): Check[] {
  const { driver, window } = context;
  const frames = driver.framesSince(window.cursor);
  const events = frames.map((frame, i) => ({ at: window.cursor + i, frame })).filter(({ frame }) => frame.type === FrameType.EVENT)
    .map(({ at, frame }) => ({ at, record: decodeRecord(frame.payload) }));
  const fieldsOf = (record: EventRecord): Record<string, unknown> => ({ ...record });
  const found = events.find(({ record }) => checkFields("event.", EVENT_FIELDS, match, fieldsOf(record)).every((c) => c.ok));
  if (found !== undefined) {
    window.cursor = found.at + 1;
    return checkFields("event.", EVENT_FIELDS, match, fieldsOf(found.record));
  }
  const sameType = events.find(({ record }) => checkField("", EVENT_FIELDS.type, match.type, record.type).ok);
  const seen = events.map(({ record }) => nameOf("eventType", record.type) ?? `${record.type}`);
  const absent = seen.length === 0 ? "no event received since the last acting step" : `received ${seen.join(", ")}`;
  return checkFields("event.", EVENT_FIELDS, match, sameType === undefined ? undefined : fieldsOf(sameType.record), absent);
}

/**
 * transferLibrary: the file's SHA-256 first (the report names exactly the bytes sent; a file that
 * changed is not sent), then the transfer and the fields of the answer that ended it.
 */
async function checkTransfer(step: TransferLibraryStep, driver: HilDriver): Promise<Check[]> {
  const { file, sha256, chunkBytes, activate } = step.transferLibrary;
  const bytes = new Uint8Array(readFileSync(join(REPOSITORY_ROOT, file)));
  const digest = checkField("file.sha256", { kind: "text" }, sha256, createHash("sha256").update(bytes).digest("hex"));
  if (!digest.ok) return [digest];
  const run = await driver.transferLibrary(bytes, { chunkBytes, activate });
  const { outcome } = run;
  const observed = outcome.ok
    ? { command: run.command, result: Result.OK, libraryVersion: outcome.value.activeVersion, versionFloor: outcome.value.versionFloor, keyState: outcome.value.keyState, chunksSent: run.chunksSent }
    : { command: run.command, result: outcome.result, detail: outcome.detail, chunksSent: run.chunksSent };
  const absent = outcome.ok ? "an OK answer has no detail" : `refused ${resultName(outcome.result)}`;
  return [digest, ...checkFields("", TRANSFER_FIELDS, step.expect ?? { result: "OK" }, observed, absent)];
}

async function checkStep(step: Step, context: StepContext): Promise<Check[]> {
  const { driver } = context;
  if ("send" in step) {
    const command = COMMANDS[step.send];
    return checkSend(step.expect ?? DEFAULT_SEND_EXPECT, await command.run(driver, { ...(step.args ?? {}) }), command);
  }
  if ("sendRaw" in step) {
    const frames = await driver.sendRaw(Buffer.from(step.sendRaw.replace(/ /g, ""), "hex"));
    return step.expect === undefined ? [] : checkFrames(step.expect.frames, frames);
  }
  if ("advance" in step) return driver.advance(step.advance).then(() => []);
  if ("fault" in step) return driver.setFaults(step.fault.set).then(() => []);
  if ("powerCycle" in step) return driver.powerCycle().then(() => []);
  if ("line" in step) {
    context.useSeed(step.line.seed);
    return driver.impairLine(step.line).then(() => []);
  }
  if ("expectEvent" in step) return checkEvent(step.expectEvent, context);
  if ("expectLog" in step) {
    const { types } = step.expectLog;
    const tail = await driver.readLogTail(types.length);
    const absent = tail.ok ? "the log holds fewer records" : `READ_LOG refused ${resultName(tail.result)}`;
    const records = tail.ok ? tail.value : [];
    return types.map((type, i) => {
      const record = records[records.length - types.length + i];
      return checkField(`log[-${types.length - i}].type`, EVENT_FIELDS.type, type, record?.type, absent);
    });
  }
  if ("expectMotor" in step) return [checkField("motorRateUlPerHour", { kind: "int" }, step.expectMotor, await driver.motorRate())];
  if ("reservoir" in step) return driver.setReservoir(BigInt(step.reservoir.ul)).then(() => []);
  if ("provisionKey" in step) {
    const status = await driver.provisionKey(new Uint8Array(Buffer.from(step.provisionKey, "hex")));
    return [checkField("status", { kind: "enum", vocabulary: "status" }, step.expect?.status ?? "OK", status)];
  }
  if ("transferLibrary" in step) return checkTransfer(step, driver);
  if ("expectDelivered" in step) {
    const { ul, toleranceUl = 0 } = step.expectDelivered;
    return [checkWithin("deliveredUl", BigInt(ul), BigInt(toleranceUl), await driver.deliveredUl())];
  }
  if ("expectState" in step) {
    const infusion = await driver.getInfusion();
    const snapshot = infusion.ok ? { ...infusion.value.snapshot } : undefined;
    return checkFields("", SNAPSHOT_FIELDS, step.expectState, snapshot, infusion.ok ? undefined : `GET_INFUSION refused ${resultName(infusion.result)}`);
  }
  return checkFields("", LINK_FIELDS, step.expectLink, driver.linkCounters());
}

export async function executeStep(step: Step, context: StepContext): Promise<StepRun> {
  if (ACTING.some((key) => key in step)) context.window.cursor = context.driver.frameCount();
  let checks: Check[];
  try {
    checks = await checkStep(step, context);
  } catch (error) {
    if (error instanceof RigControlMissingError) return { verdict: "blocked", expected: [], observed: [], message: `blocked: this step ${error.message}` };
    return { verdict: "fail", expected: [], observed: [], message: `the step could not complete: ${(error as Error).message}` };
  }
  const expected = checks.map((c) => c.expected);
  const observed = checks.map((c) => c.observed);
  const failed = checks.filter((c) => !c.ok);
  if (failed.length === 0) return { verdict: "pass", expected, observed };
  const first = failed[0];
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more)` : "";
  return { verdict: "fail", expected, observed, message: `expected ${first.expected}, observed ${first.observed}${more}` };
}
