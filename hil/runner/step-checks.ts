// The checks behind the step kinds that compare more than one value (docs/hil.md §2–§3): frames
// after sendRaw, an EVENT record since the last acting step, a library transfer. The table of step
// kinds (step-kinds.ts) calls them.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FrameType, Result } from "../../firmware/abi/protocol-codes.ts";
import type { Frame } from "../../simulator/client/frame.ts";
import { resultOf } from "../../simulator/client/messages.ts";
import { resultName } from "../../simulator/client/names.ts";
import { decodeRecord, type EventRecord } from "../../simulator/pump/event-record.ts";
import { checkField, checkFields, EVENT_FIELDS, FRAME_FIELDS, TRANSFER_FIELDS, type Check } from "../model/fields.ts";
import type { FieldMatch, TransferLibraryStep } from "../model/scenario.ts";
import { nameOf } from "../model/vocabulary.ts";
import type { HilDriver } from "./driver.ts";
import type { StepContext } from "./step-context.ts";
import { REPOSITORY_ROOT } from "./load-scenarios.ts";

function frameFields(frame: Frame): Record<string, unknown> {
  const result = frame.type === FrameType.RESPONSE ? resultOf(frame.payload) : undefined;
  const detail = result !== undefined && result !== Result.OK ? frame.payload[2] : undefined;
  return { type: frame.type, sequence: frame.sequence, command: frame.code, result, detail };
}

export function checkFrames(expected: readonly FieldMatch[], frames: Frame[]): Check[] {
  const checks = [checkField("frames", { kind: "int" }, expected.length, frames.length)];
  expected.forEach((match, i) => {
    for (const check of checkFields(
      `frames[${i}].`,
      FRAME_FIELDS,
      match,
      frames[i] === undefined ? undefined : frameFields(frames[i]),
      "no such frame",
    ))
      checks.push(check);
  });
  return checks;
}

export function checkEvent(match: FieldMatch, context: StepContext): Check[] {
  const { driver, window } = context;
  const frames = driver.framesSince(window.cursor);
  const events = frames
    .map((frame, i) => ({ at: window.cursor + i, frame }))
    .filter(({ frame }) => frame.type === FrameType.EVENT)
    .map(({ at, frame }) => ({ at, record: decodeRecord(frame.payload) }));
  const fieldsOf = (record: EventRecord): Record<string, unknown> => ({ ...record });
  const found = events.find(({ record }) =>
    checkFields("event.", EVENT_FIELDS, match, fieldsOf(record)).every((c) => c.ok),
  );
  if (found !== undefined) {
    window.cursor = found.at + 1;
    return checkFields("event.", EVENT_FIELDS, match, fieldsOf(found.record));
  }
  const sameType = events.find(({ record }) => checkField("", EVENT_FIELDS.type, match.type, record.type).ok);
  const seen = events.map(({ record }) => nameOf("eventType", record.type) ?? `${record.type}`);
  const absent = seen.length === 0 ? "no event received since the last acting step" : `received ${seen.join(", ")}`;
  return checkFields(
    "event.",
    EVENT_FIELDS,
    match,
    sameType === undefined ? undefined : fieldsOf(sameType.record),
    absent,
  );
}

/**
 * transferLibrary: the file's SHA-256 first (the report names exactly the bytes sent; a file that
 * changed is not sent), then the transfer and the fields of the answer that ended it.
 */
export async function checkTransfer(step: TransferLibraryStep, driver: HilDriver): Promise<Check[]> {
  const { file, sha256, chunkBytes, activate } = step.transferLibrary;
  const bytes = new Uint8Array(readFileSync(join(REPOSITORY_ROOT, file)));
  const digest = checkField("file.sha256", { kind: "text" }, sha256, createHash("sha256").update(bytes).digest("hex"));
  if (!digest.ok) return [digest];
  const run = await driver.transferLibrary(bytes, { chunkBytes, activate });
  const { outcome } = run;
  const observed = outcome.ok
    ? {
        command: run.command,
        result: Result.OK,
        libraryVersion: outcome.value.activeVersion,
        versionFloor: outcome.value.versionFloor,
        keyState: outcome.value.keyState,
        chunksSent: run.chunksSent,
      }
    : { command: run.command, result: outcome.result, detail: outcome.detail, chunksSent: run.chunksSent };
  const absent = outcome.ok ? "an OK answer has no detail" : `refused ${resultName(outcome.result)}`;
  return [digest, ...checkFields("", TRANSFER_FIELDS, step.expect ?? { result: "OK" }, observed, absent)];
}
