// The virtual pump's control channel (`npm run pump -- --control <path>`): a Unix socket on which a
// test rig's plug-in (hil/rigs/virtual-pump-rig.ts) does what a real rig does with relays, a
// service port and a balance. Line-oriented: one command per line, one answer line each, "ok" (with
// a value where the command reads one) or "error <message>". Commands (docs/hil.md "Rig control
// plug-ins"):
//   power-cycle              power lost and back; NV survives
//   faults <names>|none      exactly these SensorFault names (comma-separated) are active
//   flow <names>|none        exactly these flow faults (over-delivery, free-flow) are active: the
//                            virtual flow sensor reports them with REPORT_FLOW (docs/workflow.md §7.5)
//   provision-key <64 hex>   provisions the Ed25519 public key; answers "ok <Status>"
//   reservoir <µL>           hangs a new container holding this many µL
//   motor                    "ok <µL/h>": the motor's rate now
//   delivered                "ok <µL>": whole µL delivered since the pump started or the balance was tared
//   tare                     the balance reads 0 from now on (a rig's return to idle, before each scenario)
//   idle                     no sensor faults, no flow faults, the pump's own container hung again
//                            full (the workflow itself is returned to idle over the line)
import { createServer, type Server, type Socket } from "node:net";
import { rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { SensorFault } from "../../firmware/abi/event-types.ts";
import { FAULT_NAMES, FLOW_FAULT_NAMES, isFlowFaultName, type FaultName, type FlowFaultName } from "./faults.ts";
import { flowSwitchChanges } from "./flow-sensor.ts";
import type { VirtualPump } from "./virtual-pump.ts";

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const WHOLE = /^[1-9][0-9]{0,14}$/;

/** SensorFault name (OCCLUSION…) → the fault switch's name (occlusion…). */
const BY_SENSOR_NAME = new Map<string, FaultName>(
  (Object.entries(FAULT_NAMES) as [FaultName, SensorFault][]).map(([name, bit]) => [SensorFault[bit], name]),
);

function setFaults(pump: VirtualPump, names: readonly string[]): void {
  for (const name of names)
    if (!BY_SENSOR_NAME.has(name))
      throw new Error(
        `unknown fault ${JSON.stringify(name)}: write one of ${[...BY_SENSOR_NAME.keys()].join(", ")} or none`,
      );
  for (const [sensorName, switchName] of BY_SENSOR_NAME) {
    const active = names.includes(sensorName);
    const now = ((pump.faultMask >>> FAULT_NAMES[switchName]) & 1) === 1;
    if (active !== now) pump.setFault(switchName, active);
  }
}

/** Executes one command line on the pump; the answer line without its newline. */
export function executeControlCommand(pump: VirtualPump, line: string): string {
  const [command, argument, ...rest] = line.trim().split(/\s+/);
  try {
    if (rest.length > 0) throw new Error(`too many arguments: ${line.trim()}`);
    switch (command) {
      case "power-cycle":
        pump.powerLoss();
        return "ok";
      case "faults":
        if (argument === undefined) throw new Error("faults needs a list: faults OCCLUSION,DOOR_OPEN or faults none");
        setFaults(pump, argument === "none" ? [] : argument.split(","));
        return "ok";
      case "flow": {
        if (argument === undefined) throw new Error("flow needs a list: flow over-delivery or flow none");
        const names = argument === "none" ? [] : argument.split(",");
        for (const name of names)
          if (!isFlowFaultName(name))
            throw new Error(`unknown flow fault ${JSON.stringify(name)}: write ${FLOW_FAULT_NAMES.join(", ")} or none`);
        for (const change of flowSwitchChanges(pump.flowFaults, names as FlowFaultName[]))
          pump.setFlowFault(change.fault, change.active);
        return "ok";
      }
      case "provision-key":
        if (argument === undefined || !HEX_KEY.test(argument))
          throw new Error("provision-key needs the 32-byte public key as 64 hex digits");
        return `ok ${pump.provisionPublicKey(Uint8Array.from(Buffer.from(argument, "hex")))}`;
      case "reservoir":
        if (argument === undefined || !WHOLE.test(argument))
          throw new Error("reservoir needs a volume in whole µL from 1, e.g. reservoir 250000");
        pump.setReservoir(BigInt(argument));
        return "ok";
      case "motor":
        return `ok ${pump.host.motor.rateUlPerHour}`;
      case "delivered":
        return `ok ${pump.deliveredUl}`;
      case "tare":
        pump.meter.tare();
        return "ok";
      case "idle":
        setFaults(pump, []);
        for (const name of FLOW_FAULT_NAMES) if (pump.flowFaults.has(name)) pump.setFlowFault(name, false);
        pump.restoreContainer();
        return "ok";
      default:
        throw new Error(
          `unknown command ${JSON.stringify(command ?? "")}: power-cycle, faults, flow, provision-key, reservoir, motor, delivered, tare, idle`,
        );
    }
  } catch (error) {
    return `error ${(error as Error).message.replace(/\s+/g, " ")}`;
  }
}

export interface ControlChannel {
  readonly path: string;
  close(): Promise<void>;
}

/** Listens on a Unix socket at `path` (a stale socket file there is replaced). */
export async function openControlChannel(
  path: string,
  pump: VirtualPump,
  log: (message: string) => void,
): Promise<ControlChannel> {
  rmSync(path, { force: true });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    createInterface({ input: socket }).on("line", (line) => {
      if (line.trim() === "") return;
      const answer = executeControlCommand(pump, line);
      log(`control: ${line.trim()} → ${answer}`);
      socket.write(`${answer}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
