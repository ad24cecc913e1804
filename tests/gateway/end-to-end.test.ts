// End to end with real parts: the EHR (@medplum/hl7 client and server) on localhost TCP → the
// gateway (startGateway, its serial ports through serialport) → the virtual pump on a real
// pseudo-terminal running the release firmware → the clinician's confirmation on the pump's own
// keys (its local input) → status messages back to the EHR; and the pump's own refusals (a drug
// its library lacks, a hard stop, a soft stop overridden at the pump). Setup: e2e-setup.ts.
import { describe, expect, it } from "vitest";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import { Command } from "../../firmware/abi/protocol-codes.ts";
import { buildRgv, SALINE } from "./ehr-side.ts";
import { BCMA, bedside, scan, sendOrder } from "./harness.ts";
import { bedsideWithPump, cleanUpAfterEach, conditions, field, local, order, overridePayload } from "./e2e-setup.ts";

cleanUpAfterEach();

describe("REQ-GW-055 EHR → gateway → virtual pump → local confirmation → status back", () => {
  it("REQ-GW-055 REQ-GW-053 REQ-GW-054 REQ-GW-057: the order is pending on the pump's screen; only the pump's own START runs it; the EHR hears start and status", async () => {
    const b = await bedsideWithPump();
    await scan(b.gw.scanPort, bedside("BED-1"));
    const sentAt = performance.now();
    expect(field(await sendOrder(b.gw.port, buildRgv()), "MSA", 1)).toBe("CA");
    const [rrg] = await b.ehr.waitFor("RRG", 1, 10_000);
    expect(field(rrg, "MSA", 1)).toBe("AA");
    expect(b.probe.autoPrograms).toHaveLength(1);
    expect(b.probe.autoPrograms[0]).toBeGreaterThan(sentAt);
    const pending = await b.gw.gateway.port("PUMP-A")!.infusion();
    expect(pending).toMatchObject({ state: PumpState.PROGRAM_PENDING, entryId: 1090, weightG: 72_500 });
    await b.gw.reporter.pollAll();
    local(b, Command.START);
    await b.gw.reporter.pollAll();
    const running = await b.gw.gateway.port("PUMP-A")!.infusion();
    expect(running?.state).toBe(PumpState.RUNNING);
    await b.ehr.waitFor("ORU^R42", 1);
    expect(conditions(b.ehr)).toEqual(["197288^MDC_EVT_PUMP_DELIV_START^MDC"]);
    const reports = await b.ehr.waitFor("ORU^R01", 2);
    const last = reports.at(-1)!;
    expect(field(last, "OBR", 2)).toBe("ORD-1");
    const rate = last.getAllSegments("OBX").find((o) => o.getField(3).toString().startsWith("157784^"))!;
    // 5 µg/kg/min × 72.5 kg at 400 mg / 250 mL: 13.59375 mL/h, to the pump's µL/h.
    expect(rate.getField(5).toString()).toMatch(/^13\.59[34]$/);
  });
});

describe("REQ-GW-046 REQ-GW-054 the pump's own answers, end to end", () => {
  it("REQ-GW-046: a drug the pump's library does not carry: the pump refuses (9010) and stays idle", async () => {
    const formulary = new Map(BCMA.formulary);
    formulary.set("00312345999995", { gtin: "00312345999995", drugCode: "NOT-IN-LIBRARY" });
    const b = await bedsideWithPump({ ...BCMA, formulary });
    const r = await order(
      b,
      { ...SALINE, drugCode: "NOT-IN-LIBRARY" },
      bedside("BED-1", { label: "(01)00312345999995" }),
    );
    expect(r).toMatchObject({ ack: "AE", err5: "9010^Unable to match medication to drug library^IHE_PCD" });
    expect(b.probe.autoPrograms).toHaveLength(1);
    expect((await b.gw.gateway.port("PUMP-A")!.infusion())?.state).toBe(PumpState.IDLE);
  });

  it("REQ-GW-046: a hard stop: pending on the pump but it cannot start (9024); a START at the pump is blocked", async () => {
    const b = await bedsideWithPump();
    const r = await order(b, { rate: "30" });
    expect(r).toMatchObject({ ack: "AE", err5: "9024^Drug library hard limit exceeded^IHE_PCD" });
    local(b, Command.START);
    expect((await b.gw.gateway.port("PUMP-A")!.infusion())?.state).toBe(PumpState.PROGRAM_PENDING);
  });

  it("REQ-GW-054: a soft stop overridden at the pump with a reason, then started there: the EHR hears the override and the start", async () => {
    const b = await bedsideWithPump();
    const r = await order(b, { rate: "22" });
    expect(r.ack).toBe("AA");
    local(b, Command.OVERRIDE, new Uint8Array(overridePayload({ rate: "22" })));
    await b.gw.reporter.pollAll();
    local(b, Command.START);
    await b.gw.reporter.pollAll();
    await b.ehr.waitFor("ORU^R42", 2);
    expect(conditions(b.ehr)).toEqual([
      "SOFT_STOP_OVERRIDDEN^DERS soft stop overridden at the pump^99DERS",
      "197288^MDC_EVT_PUMP_DELIV_START^MDC",
    ]);
    expect(
      b.ehr
        .of("ORU^R42")[0]
        .getAllSegments("OBX")
        .some((o) => o.getField(5).toString() === "CONFIRMED_WITH_PRESCRIBER"),
    ).toBe(true);
  });
});
