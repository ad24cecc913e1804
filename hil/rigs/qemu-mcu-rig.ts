// The rig plug-in of the emulated MCU (docs/mcu-port.md §8, docs/hil.md "Rig control plug-ins"):
// the reference C port on QEMU's mps2-an386 (build/port/an386-rig/ders-an386-rig.elf) stands in for
// a pump on a rig, its UART0 on a pseudo-terminal is the line the runner drives with --port, and its
// UART2 — a Unix socket on the QEMU side, path in HIL_RIG_CONTROL — reaches the rig stand-in
// (firmware/port/boards/mps2-an386/rig-an386.c): relays, service port, sensors, balance, bag, line
// impairment and the pump's clock. `npm run hil:mcu` (hil/rigs/qemu-an386.ts) starts QEMU and runs
// the suite with it; by hand:
//   qemu-system-arm -M mps2-an386 … -serial pty -serial file:console.log \
//     -chardev socket,id=rig,path=/tmp/rig.sock,server=on,wait=off -serial chardev:rig
//   HIL_RIG_CONTROL=/tmp/rig.sock npm run hil -- --port /dev/pts/N --rig hil/rigs/qemu-mcu-rig.ts
// Before every scenario the rig gives a fresh pump as the virtual target does (docs/hil.md §1): NV
// erased, the example library loaded over the service port, no faults, an endless supply, the
// balance tared, a clean line.
import { Status } from "../../firmware/abi/codes.ts";
import { FRAME_DELIMITER, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { checkSegment, encodeFrame } from "../../simulator/client/frame.ts";
import { LocalSequencer } from "../../simulator/virtual-pump/local-port.ts";
import { parseImpairments } from "../../simulator/link/line-impairments.ts";
import type { RigPlugin, RigPluginContext } from "../runner/rig-plugin.ts";
import { exampleLibraryImage } from "../runner/open-target.ts";
import { connectControlLine } from "./control-line.ts";

export const CONTROL_ENV = "HIL_RIG_CONTROL";

/** The rig stand-in's answer to `reset`: the Status of libraryLoad, which must be OK. */
function checkReset(answer: string): void {
  if (Number(answer) !== Status.OK)
    throw new Error(`the rig's factory reset: the example library was refused with Status ${answer}`);
}

export async function createRig(context: RigPluginContext): Promise<RigPlugin> {
  const path = context.env[CONTROL_ENV];
  if (path === undefined || path === "")
    throw new Error(`set ${CONTROL_ENV} to the socket of the QEMU image's UART2 (npm run hil:mcu does)`);
  const control = await connectControlLine(path, CONTROL_ENV);
  // The pump's keys number their requests as the virtual pump's local port does, clear of the line's.
  const keys = new LocalSequencer();
  const reset = `reset ${Buffer.from(exampleLibraryImage()).toString("hex")}`;
  checkReset(await control.send(reset)); // before HELLO: the run identifies a fresh pump
  return {
    // The same on every run (no paths, no times), so reports of the same inputs compare.
    identity: async () => ({
      rig: "open-ders emulated MCU (reference rig plug-in hil/rigs/qemu-mcu-rig.ts)",
      target: "QEMU mps2-an386, Cortex-M4: the reference C port (wasm2c) of build/ders.wasm",
      image: "build/port/an386-rig/ders-an386-rig.elf",
      clock: "rig-driven (advance over UART2)",
    }),
    powerCycle: async () => void (await control.send("power-cycle")),
    setFaults: async (faults) => void (await control.send(`faults ${faults.length === 0 ? "none" : faults.join(",")}`)),
    provisionKey: async (publicKey) =>
      Number(await control.send(`provision-key ${Buffer.from(publicKey).toString("hex")}`)),
    setReservoir: async (volumeUl) => void (await control.send(`reservoir ${volumeUl}`)),
    motorRateUlPerHour: async () => Number(await control.send("motor")),
    deliveredUl: async () => BigInt(await control.send("delivered")),
    advance: async (elapsedMs) => void (await control.send(`advance ${elapsedMs}`)),
    // The pump's own keys: the rig stand-in hands the frame to the host loop's board_keys_read
    // (receiveLocal) and answers with what the loop routed back to the keys.
    localRequest: async (code, payload, { lastSerialSequence }) => {
      const sequence = keys.take(lastSerialSequence);
      const request = encodeFrame(FrameType.REQUEST, sequence, code, payload);
      const answer = await control.send(`local ${Buffer.from(request).toString("hex")}`);
      if (answer === "") throw new Error(`the pump gave its keys no answer to request 0x${code.toString(16)}`);
      const wire = Uint8Array.from(Buffer.from(answer, "hex"));
      const check = checkSegment(wire.at(-1) === FRAME_DELIMITER ? wire.subarray(0, -1) : wire);
      if (!check.ok) throw new Error(`the pump's answer to its keys is not a frame (${answer})`);
      return check.frame;
    },
    lineTap: async () => {
      const [receivedByPump, sentByPump] = (await control.send("tap")).split(" ").map((n) => BigInt(n));
      return { receivedByPump: receivedByPump!, sentByPump: sentByPump! };
    },
    impairLine: async (settings) => {
      const { drop, duplicate, corrupt } = parseImpairments(settings);
      const threshold = (p: { thresholdU32: number } | undefined): number => p?.thresholdU32 ?? 0;
      await control.send(
        `line ${threshold(drop)} ${threshold(duplicate)} ${threshold(corrupt)} ${settings.seed >>> 0}`,
      );
    },
    // A factory reset is the better way the plug-in contract allows: a pump powered on from an erased
    // NV is idle by construction, and like the virtual target's fresh pump it has executed no request
    // yet (GET_STATUS's counters start at 0), so the protocol's return to idle is not sent.
    returnToIdle: async () => checkReset(await control.send(reset)),
    close: async () => control.close(),
  };
}
