// A virtual pump in memory with the example library active and a workflow client on its ideal line,
// for the delivery tests: program sodium chloride 0.9% (entry 2001, a fluid) in the Adult ICU and
// read the firmware's own counters (GET_INFUSION) next to the virtual pump's meter.
import { Mode, Status } from "../../firmware/abi/codes.ts";
import { PumpClient, type Outcome } from "../../simulator/client/client.ts";
import { ManualTimers } from "../../simulator/link/timers.ts";
import { PumpWorkflow } from "../../simulator/client/workflow-client.ts";
import type { InfusionSnapshot } from "../../simulator/client/workflow-messages.ts";
import type { PumpHostOptions } from "../../simulator/pump/pump-host.ts";
import type { VirtualPumpSettings } from "../../simulator/virtual-pump/virtual-pump.ts";
import { drive } from "./drive.ts";
import { exampleImage, memoryPump } from "./helpers.ts";

export const SALINE = { entryId: 2001, concentrationIndex: 0xff };

const IMAGE = exampleImage();

function ok<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) throw new Error(`${what} refused: result ${outcome.result} detail ${outcome.detail}`);
  return outcome.value;
}

export async function infusionPump(settings: Partial<VirtualPumpSettings> = {}, hostOptions: PumpHostOptions = {}) {
  const { host, pump, link } = await memoryPump({ line: { seed: 1 }, ...settings }, hostOptions);
  if (host.loadLibrary(IMAGE) !== Status.OK) throw new Error("the example library was refused");
  pump.advance(0); // its events go out on the line
  const client = new PumpClient(link, { timers: new ManualTimers() });
  const workflow = new PumpWorkflow(client);
  const call = async <T>(what: string, request: () => Promise<Outcome<T>>): Promise<T> =>
    ok(await drive(request(), () => undefined), what);
  return {
    host,
    pump,
    client,
    workflow,
    /** Care area 0, saline, RATE mode at this rate with this VTBI, started. */
    startSaline: async (rateUlPerHour: bigint, vtbiUl: bigint): Promise<void> => {
      await call("SELECT_CARE_AREA", () => workflow.selectCareArea(0));
      await call("SELECT_DRUG", () => workflow.selectDrug(SALINE));
      await call("PROGRAM", () => workflow.program({ mode: Mode.RATE, rateUlPerHour, vtbiUl }));
      await call("START", () => workflow.start());
    },
    snapshot: async (): Promise<InfusionSnapshot> =>
      (await call("GET_INFUSION", () => workflow.getInfusion())).snapshot,
    call,
  };
}
