// Bare release-module instances for NV and event-log tests: built from build/ders.wasm, with the NV
// region optionally restored before the test calls init() — exactly what a host does at power-on.
import { readFileSync } from "node:fs";
import { NV_REGION_OFFSET, TX_BUFFER_OFFSET, TX_BUFFER_SIZE } from "../../firmware/abi/codes.ts";
import { NV_REGION_SIZE, RELEASE_WASM_PATH } from "../support/profile.ts";
import { FrameType } from "../../firmware/abi/protocol-codes.ts";
import { checkExports, stageAndLoad, type FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import { readNvLog, type NvLog } from "../../simulator/pump/nv-log-reader.ts";
import { checkSegment, splitStream, type Frame } from "../../simulator/client/frame.ts";

// DERS_WASM points the tests at another build, e.g. a deliberately broken one, to check that they fail.
const RELEASE_MODULE = new WebAssembly.Module(readFileSync(process.env.DERS_WASM ?? RELEASE_WASM_PATH));

/** A new instance; `nv` (if given) is copied into the NV region. init() is left to the test. */
export function powerOn(nv?: Uint8Array): FirmwareExports {
  const firmware = checkExports(new WebAssembly.Instance(RELEASE_MODULE, {}).exports);
  if (nv !== undefined) new Uint8Array(firmware.memory.buffer).set(nv, NV_REGION_OFFSET);
  return firmware;
}

export function nvOf(firmware: FirmwareExports): Uint8Array {
  return new Uint8Array(firmware.memory.buffer).slice(NV_REGION_OFFSET, NV_REGION_OFFSET + NV_REGION_SIZE);
}

/** The log as an independent reader (simulator/pump/nv-log-reader.ts) sees it in the live NV bytes. */
export function logOf(firmware: FirmwareExports): NvLog {
  const log = readNvLog(nvOf(firmware));
  if (log === undefined) throw new Error("NV header invalid: the log is unreadable");
  return log;
}

/** Writes the image into the staging slot (libraryStagingOffset) and calls libraryLoad, as a host does. */
export function loadImage(firmware: FirmwareExports, image: Uint8Array): number {
  return stageAndLoad(firmware, image);
}

/** Every frame the firmware has queued, decoded; a frame that fails its checks fails the test. */
export function drainFrames(firmware: FirmwareExports): Frame[] {
  const bytes: number[] = [];
  for (;;) {
    const count = firmware.transmit(TX_BUFFER_SIZE);
    if (count <= 0) break;
    bytes.push(...new Uint8Array(firmware.memory.buffer, TX_BUFFER_OFFSET, count));
  }
  return splitStream(Uint8Array.from(bytes)).map((segment) => {
    const check = checkSegment(segment);
    if (!check.ok) throw new Error(`firmware sent a bad frame (detail ${check.detail})`);
    return check.frame;
  });
}

export const eventFrames = (frames: Frame[]): Frame[] => frames.filter((frame) => frame.type === FrameType.EVENT);

/** Invariants every readable log must satisfy (REQ-HOST-011, REQ-HOST-012). */
/**
 * With `allowGaps`, slots that fail their check may be missing (only a header forged with a valid
 * CRC can point at them): the records that are returned must still be intact and in order.
 */
export function logInvariantProblems(log: NvLog, allowGaps = false): string[] {
  const { header, records, damagedSequences } = log;
  const problems: string[] = [];
  if (header.nextSequence - 1 !== header.overwrittenCount + header.logCount)
    problems.push("next − 1 ≠ overwritten + stored");
  if (!allowGaps && damagedSequences.length > 0) problems.push(`damaged sequences ${damagedSequences.join(",")}`);
  records.forEach((record, i) => {
    if (!allowGaps && record.sequence !== header.nextSequence - header.logCount + i)
      problems.push(`record ${i} has sequence ${record.sequence}`);
    if (i > 0 && record.sequence <= records[i - 1].sequence)
      problems.push(`sequence not increasing at ${record.sequence}`);
    if (!allowGaps && i > 0 && record.timeMs < records[i - 1].timeMs)
      problems.push(`time goes backwards at ${record.sequence}`);
  });
  return problems;
}
