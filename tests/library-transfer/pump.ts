// Test pumps for the library lifecycle: release-module instances (tests/nv/firmware-instance.ts)
// with a provisioned key or none, signed images of the test libraries, and frame-level commands.
import { PUBLIC_KEY_SIZE, REQUEST_OFFSET, RX_BUFFER_OFFSET, Status } from "../../firmware/abi/codes.ts";
import { Command, FrameType, Result } from "../../firmware/abi/protocol-codes.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import { signImage } from "../../hil/library/tools/signing/sign.ts";
import { decodeLibraryStatus, type LibraryStatusBlock } from "../../simulator/client/library-messages.ts";
import { encodeFrame, type Frame } from "../../simulator/client/frame.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";
import { WARD_SPEC } from "../firmware/ward-library.ts";
import { drainFrames, eventFrames, loadImage, powerOn } from "../nv/firmware-instance.ts";
import { HOSPITAL_KEY, type TestKey } from "../../hil/library/examples/test-keys.ts";

export const RELEASED = 2;

/** The ward test library (tests/firmware/ward-library.ts) at `version`, released unless told otherwise. */
export function wardImage(version: number, status = RELEASED, name = WARD_SPEC.name): Uint8Array {
  return writeTestImage({ ...WARD_SPEC, version, status, name });
}

export function signed(image: Uint8Array, key: TestKey = HOSPITAL_KEY): Uint8Array {
  return signImage(image, key.privateKey);
}

export function provision(firmware: FirmwareExports, publicKey: Uint8Array): number {
  if (publicKey.length !== PUBLIC_KEY_SIZE) throw new Error("a public key is 32 bytes");
  new Uint8Array(firmware.memory.buffer).set(publicKey, REQUEST_OFFSET);
  return firmware.provisionPublicKey();
}

/** A started pump; with `key`, provisioned with it; with `active`, that file loaded and active. */
export function pump(options: { key?: Uint8Array; active?: Uint8Array; nv?: Uint8Array } = {}): FirmwareExports {
  const firmware = powerOn(options.nv);
  firmware.init();
  if (options.key !== undefined && provision(firmware, options.key) !== Status.OK)
    throw new Error("provisioning refused");
  if (options.active !== undefined && loadImage(firmware, options.active) !== Status.OK)
    throw new Error("the active library was refused");
  drainFrames(firmware);
  return firmware;
}

/** Far from a PumpClient's first sequences, so a test can mix both on one pump without SEQUENCE_REUSED. */
let sequence = 0x8000;

/** One request frame in; its response frame and the events queued before it out. */
export function request(
  firmware: FirmwareExports,
  code: number,
  payload: Uint8Array = new Uint8Array(0),
): { response: Frame; events: Frame[] } {
  sequence = (sequence + 1) & 0xffff;
  const wire = encodeFrame(FrameType.REQUEST, sequence, code, payload);
  const bytes = new Uint8Array(wire.length + 1);
  bytes.set(wire, 1);
  new Uint8Array(firmware.memory.buffer).set(bytes, RX_BUFFER_OFFSET);
  if (firmware.receive(bytes.length) !== 1) throw new Error("the pump did not handle exactly one frame");
  const frames = drainFrames(firmware);
  const responses = frames.filter((f) => f.type === FrameType.RESPONSE);
  if (responses.length !== 1 || responses[0].code !== code) throw new Error("expected exactly one response");
  return { response: responses[0], events: eventFrames(frames) };
}

export type LibraryAnswer =
  | { ok: true; status: LibraryStatusBlock; events: Frame[] }
  | { ok: false; result: number; detail: number; events: Frame[] };

export function library(firmware: FirmwareExports, code: Command, payload?: Uint8Array): LibraryAnswer {
  const { response, events } = request(firmware, code, payload);
  const p = response.payload;
  const result = p[0] | (p[1] << 8);
  return result === Result.OK
    ? { ok: true, status: decodeLibraryStatus(p), events }
    : { ok: false, result, detail: p[2], events };
}

export function libraryStatus(firmware: FirmwareExports): LibraryStatusBlock {
  const answer = library(firmware, Command.LIBRARY_STATUS);
  if (!answer.ok) throw new Error(`LIBRARY_STATUS refused: ${answer.result}/${answer.detail}`);
  return answer.status;
}
