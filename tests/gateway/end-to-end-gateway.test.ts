// End to end with real parts, the gateway's own refusals and an EHR outage: the EHR (@medplum/hl7)
// on localhost TCP → the gateway → the virtual pump on a real pseudo-terminal (tests/gateway/
// e2e-setup.ts). A refused order leaves the pump's tty untouched.
import { describe, expect, it } from "vitest";
import { buildRgv } from "./ehr-side.ts";
import { bedside, scan, sendOrder } from "./harness.ts";
import { bedsideWithPump, cleanUpAfterEach, field, order } from "./e2e-setup.ts";

cleanUpAfterEach();

describe("REQ-GW-049 REQ-GW-052 refusals at the gateway and an EHR outage, end to end", () => {
  it("REQ-GW-049: a wrong patient's wristband: refused by the gateway, nothing on the pump's tty", async () => {
    const b = await bedsideWithPump();
    const r = await order(b, {}, bedside("BED-1", { patient: "MRN-0001" }));
    expect(r).toMatchObject({ ack: "AR", err5: "9012^Patient ID mismatch^IHE_PCD" });
    expect(b.probe.autoPrograms).toHaveLength(0);
  });

  it("REQ-GW-049: an expired medication: refused by the gateway, nothing on the pump's tty", async () => {
    const b = await bedsideWithPump();
    const r = await order(b, {}, bedside("BED-1", { label: "(01)00312345678906(17)260101" }));
    expect(r.ack).toBe("AR");
    expect(r.err8).toMatch(/medication scan: GTIN 00312345678906 expired on 2026-01-01/);
    expect(b.probe.autoPrograms).toHaveLength(0);
  });

  it("REQ-GW-052: the EHR down and back: the pump gets the order at once; the RRG for it arrives when the EHR returns", async () => {
    const b = await bedsideWithPump();
    const port = b.ehr.port;
    await b.ehr.stop();
    await scan(b.gw.scanPort, bedside("BED-1"));
    expect(field(await sendOrder(b.gw.port, buildRgv()), "MSA", 1)).toBe("CA");
    await b.gw.gateway.idle();
    expect(b.probe.autoPrograms).toHaveLength(1);
    expect(b.gw.journal.pendingOutbound().length).toBeGreaterThan(0);
    await b.ehr.start(port);
    const [rrg] = await b.ehr.waitFor("RRG", 1, 10_000);
    expect(field(rrg, "MSA", 2)).toBe("EHR-1");
  });
});
