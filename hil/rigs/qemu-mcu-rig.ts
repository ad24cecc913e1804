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
import { CONTROL_PERIOD_MS } from "../../simulator/virtual-pump/virtual-pump.ts";
import { isFlowFaultName, FLOW_FAULT_NAMES, type FlowFaultName } from "../../simulator/virtual-pump/faults.ts";
import { flowReport, flowSwitchChanges, measuredFlowUlPerHour } from "../../simulator/virtual-pump/flow-sensor.ts";
import { parseImpairments } from "../../simulator/link/line-impairments.ts";
import type { LocalRequestContext, RigPlugin, RigPluginContext } from "../runner/rig-plugin.ts";
import { exampleLibraryImage } from "../runner/open-target.ts";
import { connectControlLine } from "./control-line.ts";

export const CONTROL_ENV = "HIL_RIG_CONTROL";

/** Refused before anything changes (the step is blocked whole, never half-applied). */
const CONTAINER_AND_FLOW =
  "the QEMU rig cannot run a flow fault switch with a container hung: its stand-in cuts a control period where the motor's rate, not the measured flow, empties it";

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
  const pressKeys = async (code: number, payload: Uint8Array, context: LocalRequestContext): Promise<string> => {
    const request = encodeFrame(FrameType.REQUEST, keys.take(context.lastSerialSequence), code, payload);
    return control.send(`local ${Buffer.from(request).toString("hex")}`);
  };
  // The rig's flow sensor (decision 0043) is the virtual pump's (simulator/virtual-pump/flow-sensor.ts):
  // the same switches, the same measured flow, reported with REPORT_FLOW on the pump's keys at the
  // switch and after every control period while a switch is on; the balance weighs what flowed.
  const flowFaults = new Set<FlowFaultName>();
  let hasContainer = false;
  const reportFlow = async (context: LocalRequestContext): Promise<void> => {
    const report = flowReport(Number(await control.send("motor")), flowFaults);
    await pressKeys(report.code, report.payload, context); // its answer goes to the sensor, which ignores it
  };
  const fresh = async (): Promise<void> => {
    checkReset(await control.send(reset));
    flowFaults.clear(); // a fresh pump on a fresh set
    hasContainer = false;
  };
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
    setReservoir: async (volumeUl) => {
      if (flowFaults.size > 0) throw new Error(CONTAINER_AND_FLOW);
      await control.send(`reservoir ${volumeUl}`);
      hasContainer = true;
    },
    setFlowFaults: async (faults, context = { lastSerialSequence: undefined }) => {
      for (const name of faults)
        if (!isFlowFaultName(name))
          throw new Error(`unknown flow fault ${JSON.stringify(name)}: write ${FLOW_FAULT_NAMES.join(", ")}`);
      if (hasContainer && faults.length > 0) throw new Error(CONTAINER_AND_FLOW);
      for (const change of flowSwitchChanges(flowFaults, faults as FlowFaultName[])) {
        if (change.active) flowFaults.add(change.fault);
        else flowFaults.delete(change.fault);
        await reportFlow(context);
      }
    },
    motorRateUlPerHour: async () => Number(await control.send("motor")),
    deliveredUl: async () => BigInt(await control.send("delivered")),
    // Without a flow switch on, the rig stand-in runs the control periods itself. With one, the
    // plug-in runs them as VirtualPump.advance does: each period the balance weighs the measured flow
    // at the motor's rate when it begins, the pump ticks, then the sensor reports.
    advance: async (elapsedMs, context = { lastSerialSequence: undefined }) => {
      if (flowFaults.size === 0) return void (await control.send(`advance ${elapsedMs}`));
      if (hasContainer) throw new Error(CONTAINER_AND_FLOW);
      for (let leftMs = elapsedMs; leftMs > 0;) {
        const stepMs = Math.min(leftMs, CONTROL_PERIOD_MS);
        const motorUlPerHour = Number(await control.send("motor"));
        const beyondMotor = measuredFlowUlPerHour(motorUlPerHour, flowFaults) - motorUlPerHour;
        await control.send(`weigh ${BigInt(beyondMotor) * BigInt(stepMs)}`);
        await control.send(`advance ${stepMs}`);
        leftMs -= stepMs;
        await reportFlow(context);
      }
    },
    // The pump's own keys: the rig stand-in hands the frame to the host loop's board_keys_read
    // (receiveLocal) and answers with what the loop routed back to the keys.
    localRequest: async (code, payload, context) => {
      const answer = await pressKeys(code, payload, context);
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
    returnToIdle: fresh,
    close: async () => control.close(),
  };
}
