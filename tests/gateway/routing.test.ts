// Routing with real parts (REQ-GW-055): an order sent by the EHR over localhost TCP reaches the
// virtual pump its OBX-18 names, on that pump's real pseudo-terminal, as one AUTO_PROGRAM frame
// whose fields are the order's — and an order for the other pump reaches only that one.
import { afterEach, describe, expect, it } from "vitest";
import {
  AUTO_CARE_AREA_ID,
  AUTO_DRUG_CODE,
  AUTO_ORDER_ID,
  AUTO_PATIENT_ID,
  AUTO_PROGRAM_PAYLOAD_SIZE,
  AUTO_WEIGHT_G,
} from "../../firmware/abi/auto-program-layout.ts";
import { startVirtualPump, type VirtualPumpHandle } from "../../simulator/virtual-pump/start.ts";
import { startGateway } from "../../gateway/service/start.ts";
import { buildRgv } from "./ehr-side.ts";
import { BCMA, bedside, FakeEhr, libraryWithCodes, scan, sendOrder, tempDir } from "./harness.ts";
import { TtyProbe } from "./tty-probe.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const text = (bytes: Uint8Array, at: number): string =>
  new TextDecoder().decode(bytes.subarray(at, at + 32)).replace(/\0+$/, "");

describe("REQ-GW-055 orders routed to their pump's serial port", () => {
  it("REQ-GW-055 REQ-GW-057: each order reaches the tty of the pump OBX-18 names, once, as AUTO_PROGRAM with the order's fields", async () => {
    const image = libraryWithCodes();
    const pumps: VirtualPumpHandle[] = [];
    for (let i = 0; i < 2; i++) {
      const pump = await startVirtualPump({ libraryImage: image });
      cleanups.push(() => pump.close());
      pumps.push(pump);
    }
    const probes = pumps.map((p) => new TtyProbe(p));
    const ehr = await new FakeEhr().start();
    cleanups.push(() => ehr.stop());
    const state = tempDir("gw-routing-");
    cleanups.push(() => state.remove());
    const gw = await startGateway({
      pumps: [
        { id: "PUMP-A", path: pumps[0].path, careAreaId: 0 },
        { id: "PUMP-B", path: pumps[1].path, careAreaId: 1 },
      ],
      listenPort: 0,
      scanPort: 0,
      ehr: { host: "127.0.0.1", port: ehr.port },
      bcma: BCMA,
      stateDir: state.path,
      pollMs: 3_600_000,
      now: () => Date.UTC(2026, 11, 5, 10, 1, 0),
    });
    cleanups.push(() => gw.close());
    await scan(gw.scanPort, bedside("BED-1", { pump: "PUMP-B" }));
    const sentAt = performance.now();
    await sendOrder(gw.port, buildRgv({ pumpId: "PUMP-B", orderId: "ORD-B" }));
    await ehr.waitFor("RRG", 1, 10_000);
    expect(probes[0].payloads).toHaveLength(0);
    expect(probes[1].payloads).toHaveLength(1);
    expect(probes[1].autoPrograms[0]).toBeGreaterThan(sentAt);
    const payload = probes[1].payloads[0];
    expect(payload.length).toBe(AUTO_PROGRAM_PAYLOAD_SIZE);
    expect(text(payload, AUTO_ORDER_ID)).toBe("ORD-B");
    expect(text(payload, AUTO_PATIENT_ID)).toBe("MRN-4711");
    expect(text(payload, AUTO_DRUG_CODE)).toBe("DOPA-400-250");
    expect(payload[AUTO_CARE_AREA_ID]).toBe(1);
    expect(new DataView(payload.buffer, payload.byteOffset).getUint32(AUTO_WEIGHT_G, true)).toBe(72_500);
  });
});
