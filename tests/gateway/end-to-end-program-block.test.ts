// End to end with real parts, the 48-byte program block (decisions/0045): an order of a dose goes
// to the virtual pump on its pseudo-terminal as an amount per dose, checked there against the
// entry's per-dose limit at pre-population; RXR-2 gives the line, and a peripheral order of a
// central-only concentration is stopped by the pump. The EHR side is @medplum/hl7.
import { describe, expect, it } from "vitest";
import { Param, Verdict } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import type { RgvOptions } from "./ehr-side.ts";
import { bedside, POTASSIUM_GTIN, VANCOMYCIN_GTIN } from "./harness.ts";
import { bedsideWithPump, cleanUpAfterEach, order } from "./e2e-setup.ts";

cleanUpAfterEach();

/** Vancomycin 2 g / 500 mL: `mg` as one dose over 2 h (RXG-15/16 an amount, TQ1-13 the duration). */
const vancomycin = (mg: string): Partial<RgvOptions> => ({
  drugCode: "VANC-2G-500",
  drugText: "Vancomycin",
  rate: mg,
  rateUnits: "mg^mg^UCUM^263890^MDC_DIM_MILLI_G^MDC",
  strength: "2",
  strengthUnits: "g^g^UCUM",
  strengthVolume: "500",
  vtbi: "",
  weight: "",
  duration: "2^h&&UCUM",
});
const vancomycinLabel = bedside("BED-1", { label: `(01)${VANCOMYCIN_GTIN}(17)271231(10)LOT9` });

/** Potassium chloride 40 mEq / 100 mL at 20 mL/h, 50 mL. */
const POTASSIUM: Partial<RgvOptions> = {
  drugCode: "KCL-40-100",
  drugText: "Potassium chloride",
  rate: "20",
  rateUnits: "265266^MDC_DIM_MILLI_L_PER_HR^MDC^mL/h^mL/h^UCUM",
  strength: "40",
  strengthUnits: "meq^meq^UCUM",
  strengthVolume: "100",
  vtbi: "50",
  weight: "",
};
const potassiumLabel = bedside("BED-1", { label: `(01)${POTASSIUM_GTIN}(17)271231(10)LOT3` });

describe("REQ-GW-062 REQ-WF-120 a dose order reaches the pump as an amount per dose", () => {
  it("REQ-GW-062 REQ-WF-120: 2,000 mg is a go; 2,000.002 mg is the pump's soft stop on the per-dose limit at pre-population (pending, AA); 3,100 mg its hard stop (AE 9024)", async () => {
    const go = await bedsideWithPump();
    expect(await order(go, vancomycin("2000"), vancomycinLabel)).toMatchObject({ ack: "AA" });
    const pending = await go.gw.gateway.port("PUMP-A")!.infusion();
    expect(pending).toMatchObject({ state: PumpState.PROGRAM_PENDING, entryId: 1070, pendingVerdict: Verdict.GO });
    expect(go.probe.autoPrograms).toHaveLength(1);

    const soft = await bedsideWithPump();
    expect(await order(soft, vancomycin("2000.002"), vancomycinLabel)).toMatchObject({ ack: "AA" });
    const port = soft.gw.gateway.port("PUMP-A")!;
    expect((await port.infusion())?.pendingVerdict).toBe(Verdict.SOFT_STOP);
    const status = (await port.logStatus())!;
    const records = (await port.readLog(Math.max(1, status.nextSequence - 7), 7))!;
    const alert = records.find((r) => r.type === EventType.ALERT_RAISED)!;
    expect([alert.outcome, alert.param]).toEqual([Verdict.SOFT_STOP, Param.DOSE_PER_ADMIN]);

    const hard = await bedsideWithPump();
    expect(await order(hard, vancomycin("3100"), vancomycinLabel)).toMatchObject({
      ack: "AE",
      err5: "9024^Drug library hard limit exceeded^IHE_PCD",
    });
  });
});

describe("REQ-GW-063 REQ-WF-121 the line access from RXR-2 reaches the pump", () => {
  it("REQ-GW-063 REQ-WF-121: the central-only 40 mEq / 100 mL ordered on a peripheral line is the pump's hard stop (AE 9024); on a central line it is pending (AA)", async () => {
    const peripheral = await bedsideWithPump();
    const onPeripheral = await order(peripheral, { ...POTASSIUM, route: "^IV^HL70162" }, potassiumLabel, (m) =>
      m.getSegment("RXR")!.setField(2, "PERIPHERAL^^99DERS"),
    );
    expect(onPeripheral).toMatchObject({ ack: "AE", err5: "9024^Drug library hard limit exceeded^IHE_PCD" });
    expect(peripheral.probe.autoPrograms).toHaveLength(1);

    const central = await bedsideWithPump();
    const onCentral = await order(central, POTASSIUM, potassiumLabel, (m) =>
      m.getSegment("RXR")!.setField(2, "CENTRAL^^99DERS"),
    );
    expect(onCentral).toMatchObject({ ack: "AA" });
    expect(await central.gw.gateway.port("PUMP-A")!.infusion()).toMatchObject({
      entryId: 1050,
      pendingVerdict: Verdict.GO,
    });
  });
});
