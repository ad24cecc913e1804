// Real parts for the CQI tests: a virtual pump on its own pseudo-terminal (manual clock), driven
// through serialport by the reference client to produce log records, and a ByteLink in front of a
// real SerialLink that tampers with READ_LOG answers or pulls the plug (fault injection, STYLE).
import { Mode } from "../../firmware/abi/codes.ts";
import { Command, FRAME_DELIMITER, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { BasicReason, OverrideReason } from "../../firmware/abi/workflow-codes.ts";
import { PumpClient, type Outcome } from "../../simulator/client/client.ts";
import { checkSegment, encodeFrame, FrameSplitter } from "../../simulator/client/frame.ts";
import type { ByteLink } from "../../simulator/link/link.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { startVirtualPump, type VirtualPumpHandle } from "../../simulator/virtual-pump/start.ts";
import { exampleImage } from "../simulator/helpers.ts";

export const HEPARIN = { entryId: 1001, concentrationIndex: 0 };
const IMAGE = exampleImage();

export async function startPump(statePath?: string, withLibrary = true): Promise<VirtualPumpHandle> {
  return startVirtualPump({ libraryImage: withLibrary ? IMAGE : undefined, statePath, clock: "manual", seed: 1 });
}

function ok<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) throw new Error(`${what} refused: result ${outcome.result} detail ${outcome.detail}`);
  return outcome.value;
}

/** Opens the pump's tty, runs `body` with a client, closes the port again (the collector opens its own). */
export async function withClient<T>(pump: VirtualPumpHandle, body: (client: PumpClient) => Promise<T>): Promise<T> {
  const link = await SerialLink.open(pump.path);
  try {
    const client = new PumpClient(link);
    ok(await client.hello(), "HELLO"); // a session of its own (docs/protocol.md §4)
    return await body(client);
  } finally {
    await link.close();
  }
}

/**
 * One shift on a heparin pump in the Adult ICU (70 kg): 30 units/kg/h is a soft stop, overridden
 * (confirmed with prescriber), infused one hour and stopped; then 400 units/kg/h — ten times the
 * hard max of 40 — is a hard stop, cancelled; 25 units/kg/h (the soft max itself) is a go, infused
 * 30 minutes; then, in Med/Surg, a basic infusion (drug not in the library) at 100 mL/h for 30 minutes.
 */
export async function heparinShift(pump: VirtualPumpHandle): Promise<void> {
  await withClient(pump, async (client) => {
    ok(await client.selectCareArea(0), "SELECT_CARE_AREA");
    ok(await client.setPatient(70_000), "SET_PATIENT");
    ok(await client.selectDrug(HEPARIN), "SELECT_DRUG");
    ok(await client.program({ mode: Mode.DOSE, dose: 30_000_000n, vtbiUl: 500_000n }), "PROGRAM");
    ok(await client.override(OverrideReason.CONFIRMED_WITH_PRESCRIBER), "OVERRIDE");
    ok(await client.start(), "START");
    pump.advance(3_600_000);
    ok(await client.stop(), "STOP");
    ok(await client.selectDrug(HEPARIN), "SELECT_DRUG");
    ok(await client.program({ mode: Mode.DOSE, dose: 400_000_000n, vtbiUl: 500_000n }), "PROGRAM");
    ok(await client.cancel(), "CANCEL");
    ok(await client.selectDrug(HEPARIN), "SELECT_DRUG");
    ok(await client.program({ mode: Mode.DOSE, dose: 25_000_000n, vtbiUl: 500_000n }), "PROGRAM");
    ok(await client.start(), "START");
    pump.advance(1_800_000);
    ok(await client.stop(), "STOP");
    ok(await client.selectCareArea(1), "SELECT_CARE_AREA"); // Med/Surg allows basic infusion
    ok(await client.selectBasic(BasicReason.DRUG_NOT_IN_LIBRARY), "SELECT_BASIC");
    ok(await client.program({ mode: Mode.RATE, rateUlPerHour: 100_000n, vtbiUl: 500_000n }), "PROGRAM");
    ok(await client.start(), "START");
    pump.advance(1_800_000);
    ok(await client.stop(), "STOP");
  });
}

/** `count` CHECK_PROGRAM requests: one PROGRAM_CHECK record each (fills the ring quickly). */
export async function programChecks(pump: VirtualPumpHandle, count: number): Promise<void> {
  await withClient(pump, async (client) => {
    for (let i = 0; i < count; i++) {
      ok(
        await client.checkProgram({
          entryId: 2001,
          careAreaId: 0,
          concentrationIndex: 0xff,
          mode: Mode.RATE,
          rateUlPerHour: 100_000n,
        }),
        "CHECK_PROGRAM",
      );
    }
  });
}

export async function logNextSequence(pump: VirtualPumpHandle): Promise<number> {
  return withClient(pump, async (client) => ok(await client.getStatus(), "GET_STATUS").logNextSequence);
}

/**
 * A link in front of a real one. `tamper` may rewrite a READ_LOG answer's payload (the frame is
 * re-encoded with a valid frame CRC, so only the record's own CRC can catch it); `onReadLog` runs
 * when a READ_LOG request is sent (the n-th, from 1), e.g. to pull the plug.
 */
export class TamperLink implements ByteLink {
  private readonly splitter = new FrameSplitter();
  private readonly listeners: ((bytes: Uint8Array) => void)[] = [];
  readLogRequests = 0;

  constructor(
    private readonly inner: ByteLink,
    private readonly tamper: (payload: Uint8Array, answer: number) => Uint8Array = (p) => p,
    private readonly onReadLog: (n: number) => Promise<void> | void = () => undefined,
  ) {
    inner.onData((bytes) => {
      for (const segment of this.splitter.push(bytes)) {
        const check = checkSegment(segment);
        let wire: Uint8Array;
        if (check.ok && check.frame.type === FrameType.RESPONSE && check.frame.code === Command.READ_LOG) {
          const { frame } = check;
          wire = encodeFrame(
            frame.type,
            frame.sequence,
            frame.code,
            this.tamper(frame.payload.slice(), this.readLogRequests),
          );
        } else {
          wire = new Uint8Array([...segment, FRAME_DELIMITER]);
        }
        for (const listener of this.listeners) listener(wire);
      }
    });
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  async write(bytes: Uint8Array): Promise<void> {
    for (const segment of new FrameSplitter().push(bytes)) {
      const check = checkSegment(segment);
      if (check.ok && check.frame.code === Command.READ_LOG) await this.onReadLog(++this.readLogRequests);
    }
    return this.inner.write(bytes);
  }
}

export const INSULIN = { entryId: 1010, concentrationIndex: 0 };
export const SALINE = { entryId: 2001, concentrationIndex: 0xff };

/**
 * Programs whose every classified value the log carries (no weight-based entry), Adult ICU:
 * insulin 20 units/h (soft max 15: a soft stop, overridden, infused 10 min, stopped); saline
 * 600 mL/h (soft max 500: a soft stop, cancelled); saline 100 mL/h (a go, started, stopped).
 */
export async function replayableShift(pump: VirtualPumpHandle): Promise<void> {
  await withClient(pump, async (client) => {
    ok(await client.selectCareArea(0), "SELECT_CARE_AREA");
    ok(await client.selectDrug(INSULIN), "SELECT_DRUG");
    ok(await client.program({ mode: Mode.DOSE, dose: 20_000_000n, vtbiUl: 100_000n }), "PROGRAM");
    ok(await client.override(OverrideReason.PATIENT_SPECIFIC_PROTOCOL), "OVERRIDE");
    ok(await client.start(), "START");
    pump.advance(600_000);
    ok(await client.stop(), "STOP");
    ok(await client.selectDrug(SALINE), "SELECT_DRUG");
    ok(await client.program({ mode: Mode.RATE, rateUlPerHour: 600_000n, vtbiUl: 1_000_000n }), "PROGRAM");
    ok(await client.cancel(), "CANCEL");
    ok(await client.selectDrug(SALINE), "SELECT_DRUG");
    ok(await client.program({ mode: Mode.RATE, rateUlPerHour: 100_000n, vtbiUl: 1_000_000n }), "PROGRAM");
    ok(await client.start(), "START");
    pump.advance(600_000);
    ok(await client.stop(), "STOP");
  });
}
