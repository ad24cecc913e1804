// The end-to-end tests' bedside: the virtual pump on a real pseudo-terminal with the example
// library plus external codes, a probe on its tty, an EHR (@medplum/hl7) and the gateway between
// them on localhost TCP, with the pump's own keys (its local input) for the clinician.
import { afterEach, expect } from "vitest";
import { OverrideReason } from "../../firmware/abi/workflow-codes.ts";
import { Command } from "../../firmware/abi/protocol-codes.ts";
import { autoProgramEcho, encodeAutoProgram } from "../../simulator/client/auto-program-messages.ts";
import { encodeOverride } from "../../simulator/client/workflow-messages.ts";
import { startVirtualPump, type VirtualPumpHandle } from "../../simulator/virtual-pump/start.ts";
import { parseHl7 } from "../../gateway/hl7/message.ts";
import { toPumpOrder } from "../../gateway/pcd/auto-program.ts";
import { readOrder } from "../../gateway/pcd/pcd03.ts";
import { startGateway, type GatewayHandle } from "../../gateway/service/start.ts";
import { buildRgv, type RgvOptions } from "./ehr-side.ts";
import { BCMA, bedside, FakeEhr, libraryWithCodes, scan, sendOrder, tempDir } from "./harness.ts";
import { TtyProbe } from "./tty-probe.ts";

export const ICU = 0; // the example library's Adult ICU care area

const IMAGE = libraryWithCodes();

export const cleanups: (() => Promise<void> | void)[] = [];
/** Registered by each test file that uses the bedside. */
export function cleanUpAfterEach(): void {
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
}

export interface Bench {
  pump: VirtualPumpHandle;
  probe: TtyProbe;
  gw: GatewayHandle;
  ehr: FakeEhr;
  /** The gateway's state directory (journal and audit log). */
  stateDir: string;
}

export async function bedsideWithPump(bcma = BCMA): Promise<Bench> {
  const pump = await startVirtualPump({ libraryImage: IMAGE });
  cleanups.push(() => pump.close());
  const probe = new TtyProbe(pump);
  const ehr = await new FakeEhr().start();
  cleanups.push(() => ehr.stop());
  const state = tempDir("gw-e2e-");
  cleanups.push(() => state.remove());
  const gw = await startGateway({
    pumps: [{ id: "PUMP-A", path: pump.path, careAreaId: ICU }],
    listenPort: 0,
    scanPort: 0,
    ehr: { host: "127.0.0.1", port: ehr.port },
    bcma,
    stateDir: state.path,
    pollMs: 3_600_000, // the tests poll by hand, at the moments they check
    ehrRetryMs: 50,
    // ORC-9 of the test orders is 2026-12-05 10:00; the gateway's clock is a minute later.
    now: () => Date.UTC(2026, 11, 5, 10, 1, 0),
  });
  cleanups.push(() => gw.close());
  return { pump, probe, gw, ehr, stateDir: state.path };
}

export const field = (
  m: { getSegment(id: string): { getField(n: number): { toString(): string } } | undefined },
  id: string,
  n: number,
) => m.getSegment(id)?.getField(n).toString() ?? "";

export async function order(
  b: Bench,
  options: Partial<RgvOptions> = {},
  scans = bedside("BED-1"),
  edit?: Parameters<typeof buildRgv>[1],
) {
  await scan(b.gw.scanPort, scans);
  const ack = await sendOrder(b.gw.port, buildRgv(options, edit));
  expect(field(ack, "MSA", 1)).toBe("CA");
  const [rrg] = await b.ehr.waitFor("RRG", 1, 10_000);
  return { ack: field(rrg, "MSA", 1), err5: field(rrg, "ERR", 5), err8: field(rrg, "ERR", 8) };
}

/** A request on the pump's own keys (its local input, docs/decisions/0036). */
export function local(b: Bench, code: Command, payload = new Uint8Array(0)) {
  const exchange = b.pump.pump.localRequest(code, payload);
  if (exchange === undefined) throw new Error("the pump's local input is busy");
  return exchange;
}

/** The OVERRIDE a clinician gives at the pump for the order's program (the echo of its block). */
export function overridePayload(options: Partial<RgvOptions>): Uint8Array {
  const pumpOrder = toPumpOrder(readOrder(parseHl7(buildRgv(options))));
  return encodeOverride(
    OverrideReason.CONFIRMED_WITH_PRESCRIBER,
    autoProgramEcho(encodeAutoProgram({ ...pumpOrder, careAreaId: ICU })),
  );
}

export const conditions = (ehr: FakeEhr): string[] =>
  ehr.of("ORU^R42").map((m) =>
    m
      .getAllSegments("OBX")
      .find((o) => o.getField(3).toString().startsWith("68487"))!
      .getField(5)
      .toString(),
  );
