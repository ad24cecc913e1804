// The reference rig-control plug-in (docs/hil.md "Rig control plug-ins"): the virtual pump run as its
// own process on its tty (`npm run pump -- --control <socket>`) stands in for a real pump on a rig,
// and its control channel (simulator/virtual-pump/control-channel.ts) for the rig's relays, service
// port and sensors. The socket's path comes from the environment variable HIL_RIG_CONTROL:
//   npm run pump -- --library build/general-hospital.dersimg --control /tmp/pump.ctl
//   HIL_RIG_CONTROL=/tmp/pump.ctl npm run hil -- --port /dev/pts/3 --rig hil/rigs/virtual-pump-rig.ts
// A real rig's plug-in has the same shape; only what each method drives differs.
import type { RigPlugin, RigPluginContext } from "../runner/rig-plugin.ts";
import { connectControlLine } from "./control-line.ts";

export const CONTROL_ENV = "HIL_RIG_CONTROL";
/** Real time the pump's answers (e.g. POWER_ON after a power cycle) take to arrive on the line. */
const LINE_SETTLE_MS = 100;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function createRig(context: RigPluginContext): Promise<RigPlugin> {
  const path = context.env[CONTROL_ENV];
  if (path === undefined || path === "")
    throw new Error(`set ${CONTROL_ENV} to the virtual pump's control socket (npm run pump -- --control <path>)`);
  const control = await connectControlLine(path, CONTROL_ENV);
  const act = async (command: string): Promise<string> => {
    const value = await control.send(command);
    await pause(LINE_SETTLE_MS);
    return value;
  };
  return {
    // The same on every run (no socket path, no time), so reports of the same inputs stay identical.
    identity: async () => ({ rig: "open-ders virtual pump (reference rig plug-in)", control: "--control socket" }),
    powerCycle: async () => void (await act("power-cycle")),
    setFaults: async (faults) => void (await act(`faults ${faults.length === 0 ? "none" : faults.join(",")}`)),
    setFlowFaults: async (faults) => void (await act(`flow ${faults.length === 0 ? "none" : faults.join(",")}`)),
    provisionKey: async (publicKey) => Number(await act(`provision-key ${Buffer.from(publicKey).toString("hex")}`)),
    setReservoir: async (volumeUl) => void (await act(`reservoir ${volumeUl}`)),
    motorRateUlPerHour: async () => Number(await control.send("motor")),
    deliveredUl: async () => BigInt(await control.send("delivered")),
    returnToIdle: async (idle) => {
      await act("idle"); // no sensor faults, no flow faults: an alarm they raise could not be cleared
      // The workflow is RAM only: a power cycle returns it to IDLE with nothing selected (REQ-WF-040),
      // which no protocol command does; the protocol's own return to idle then checks it.
      await act("power-cycle");
      await idle.overProtocol();
    },
    close: async () => control.close(),
  };
}
