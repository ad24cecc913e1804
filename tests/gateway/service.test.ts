// The gateway service on real localhost TCP (gateway/service): orders sent by an EHR's
// @medplum/hl7 client, replies and RRG^O16 / ORU messages read by an @medplum/hl7 server, bedside
// scans over the scan port. The pump is a double here (the end-to-end tests use the virtual pump
// on a real tty): these tests are about what the gateway answers and what it lets through.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { Verdict } from "../../firmware/abi/codes.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { orderHandleOf } from "../../simulator/pump/order-record.ts";
import { startGateway, type GatewayHandle, type GatewayOptions } from "../../gateway/service/start.ts";
import { buildRgv, SALINE } from "./ehr-side.ts";
import {
  BCMA,
  bedside,
  FakeEhr,
  IDLE_SNAPSHOT,
  orderTextFields,
  PumpDouble,
  RawConnection,
  SALINE_GTIN,
  scan,
  sendOrder,
  tempDir,
} from "./harness.ts";

const NOW = Date.UTC(2026, 11, 5, 10, 1, 0); // one minute after the orders' ORC-9
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup {
  gw: GatewayHandle;
  ehr: FakeEhr;
  pump: PumpDouble;
  state: string;
  logs: string[];
}

async function setup(
  overrides: Partial<GatewayOptions> = {},
  existing?: { ehr: FakeEhr; state: string; pump?: PumpDouble },
): Promise<Setup> {
  const ehr = existing?.ehr ?? (await new FakeEhr().start());
  if (existing === undefined) cleanups.push(() => ehr.stop());
  const dir = existing === undefined ? tempDir("gw-service-") : undefined;
  if (dir !== undefined) cleanups.push(() => dir.remove());
  const state = existing?.state ?? dir!.path;
  const pump = existing?.pump ?? new PumpDouble();
  const logs: string[] = [];
  const gw = await startGateway({
    pumps: [
      { id: "PUMP-A", path: "/dev/null-a", careAreaId: 2 },
      { id: "PUMP-B", path: "/dev/null-b", careAreaId: 3 },
    ],
    listenPort: 0,
    scanPort: 0,
    ehr: { host: "127.0.0.1", port: ehr.port },
    bcma: BCMA,
    stateDir: state,
    pollMs: 3_600_000,
    ehrRetryMs: 50,
    ehrAckTimeoutMs: 1000,
    now: () => NOW,
    openPump: (entry) => (entry.id === "PUMP-A" ? pump : new PumpDouble()),
    log: (line) => logs.push(line),
    ...overrides,
  });
  cleanups.push(() => gw.close());
  return { gw, ehr, pump, state, logs };
}

const field = (
  m: { getSegment(id: string): { getField(n: number): { toString(): string } } | undefined },
  id: string,
  n: number,
) => m.getSegment(id)?.getField(n).toString() ?? "";

describe("REQ-GW-045 accept acknowledgement on the same connection", () => {
  it("REQ-GW-045 REQ-GW-046 REQ-GW-055: an order with its four scans gets CA, goes to its pump with the registry's care area, and RRG^O16 AA reaches the EHR", async () => {
    const { gw, ehr, pump } = await setup();
    expect(await scan(gw.scanPort, bedside("BED-1"))).toEqual([
      "OK patient",
      "OK clinician",
      "OK medication",
      "OK pump",
    ]);
    const ack = await sendOrder(gw.port, buildRgv({ controlId: "EHR-100" }));
    expect(field(ack, "MSH", 9)).toBe("ACK^O15^ACK");
    expect(field(ack, "MSA", 1)).toBe("CA");
    expect(field(ack, "MSA", 2)).toBe("EHR-100");
    const [rrg] = await ehr.waitFor("RRG");
    expect(field(rrg, "MSH", 9)).toBe("RRG^O16^RRG_O16");
    expect(field(rrg, "MSH", 21)).toBe("IHE_PCD_PIV_RRG^IHE PCD^1.3.6.1.4.1.19376.1.6.1.3.2^ISO");
    expect(field(rrg, "MSA", 1)).toBe("AA");
    expect(field(rrg, "MSA", 2)).toBe("EHR-100");
    expect(pump.orders).toHaveLength(1);
    expect(pump.orders[0]).toMatchObject({
      orderId: "ORD-1",
      patientId: "MRN-4711",
      drugCode: "DOPA-400-250",
      careAreaId: 2,
    });
  });

  it("REQ-GW-045 REQ-GW-047: malformed, truncated, wrong-profile and unsupported-unit messages get CE/CR naming segment and field; no pump receives anything; the next order is served", async () => {
    const { gw, ehr, pump } = await setup();
    const raw = await RawConnection.open(gw.port);
    cleanups.push(() => raw.close());
    raw.frame(buildRgv().replace("PID|", "PID|\n")); // a line feed
    raw.frame(buildRgv().split("\rRXR")[0]); // truncated after RXG
    raw.frame(buildRgv({}, (m) => m.header.setField(21, "IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO")));
    raw.frame(buildRgv({ rateUnits: "furlong/fortnight^^UCUM" }));
    raw.frame(buildRgv({}, (m) => m.header.setField(12, "2.3")));
    const replies = await Promise.all([0, 1, 2, 3, 4].map((i) => raw.reply(i)));
    expect(replies.map((r) => field(r, "MSA", 1))).toEqual(["CE", "CE", "CE", "CE", "CR"]);
    expect(replies.map((r) => field(r, "ERR", 2))).toEqual([
      "PID^1",
      "RXR^1",
      "MSH^1^21^1^3",
      "RXG^1^16",
      "MSH^1^12^1^1",
    ]);
    expect(field(replies[3], "ERR", 5)).toBe("9008^Invalid units for parameter^IHE_PCD");
    expect(field(replies[3], "ERR", 8)).toMatch(/^RXG-16: the give rate units: the unit "furlong\/fortnight/);
    expect(field(replies[1], "ERR", 8)).toMatch(/^segment RXR: segment RXR is required after RXG; the message ends/);
    // The same connection and another one are still served.
    await scan(gw.scanPort, bedside("BED-1"));
    raw.frame(buildRgv({ controlId: "GOOD" }));
    expect(field(await raw.reply(5), "MSA", 1)).toBe("CA");
    await ehr.waitFor("RRG");
    expect(pump.orders.map((o) => o.orderId)).toEqual(["ORD-1"]);
  });

  it("REQ-GW-047: an oversized message, bytes outside a frame and a sender that sends one byte at a time past the deadline are answered; others are served meanwhile", async () => {
    const { gw, pump } = await setup({ frameDeadlineMs: 300 });
    const raw = await RawConnection.open(gw.port);
    cleanups.push(() => raw.close());
    raw.write("hello");
    raw.frame(buildRgv().replace(/\r$/, "") + `\rNTE|1||${"x".repeat(70_000)}`);
    expect(field(await raw.reply(0), "ERR", 8)).toMatch(/outside an MLLP frame/);
    const big = await raw.reply(1);
    expect(field(big, "ERR", 3)).toBe("104^Value too long^HL70357");
    expect(field(big, "ERR", 8)).toMatch(/at most 65536 are accepted/);
    const slow = await RawConnection.open(gw.port);
    cleanups.push(() => slow.close());
    const text = Buffer.from(`\x0b${buildRgv()}`);
    let i = 0;
    const drip = setInterval(() => i < text.length && !slow.closed && slow.write(text.subarray(i, ++i)), 100);
    cleanups.push(() => clearInterval(drip));
    // Meanwhile a well-behaved sender is answered at once.
    await scan(gw.scanPort, bedside("BED-1"));
    expect(field(await sendOrder(gw.port, buildRgv()), "MSA", 1)).toBe("CA");
    const cut = await slow.reply(0, 3000);
    expect(field(cut, "ERR", 8)).toMatch(/not finished within 300 ms/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slow.closed).toBe(true);
    await gw.gateway.idle();
    expect(pump.orders).toHaveLength(1);
  });
});

describe("REQ-GW-046 application acknowledgements with IHE PIV codes", () => {
  it("REQ-GW-046: an unknown pump ID → CA, then RRG AE 9001 naming OBX-18; nothing is sent", async () => {
    const { gw, ehr, pump } = await setup();
    await scan(gw.scanPort, bedside("BED-1", { pump: "PUMP-Z" }));
    expect(field(await sendOrder(gw.port, buildRgv({ pumpId: "PUMP-Z" })), "MSA", 1)).toBe("CA");
    const [rrg] = await ehr.waitFor("RRG");
    expect(field(rrg, "MSA", 1)).toBe("AE");
    expect(field(rrg, "ERR", 2)).toBe("OBX^1^18^1^1");
    expect(field(rrg, "ERR", 5)).toBe("9001^Unknown infuser or channel^IHE_PCD");
    expect(pump.orders).toHaveLength(0);
  });

  it("REQ-GW-046: a stale order (ORC-9 older than the limit) → RRG AR 9022; nothing is sent", async () => {
    const { gw, ehr, pump } = await setup({ maxOrderAgeMs: 30_000 });
    await scan(gw.scanPort, bedside("BED-1"));
    await sendOrder(gw.port, buildRgv());
    const [rrg] = await ehr.waitFor("RRG");
    expect(field(rrg, "MSA", 1)).toBe("AR");
    expect(field(rrg, "ERR", 5)).toBe("9022^Requested infusion program is stale^IHE_PCD");
    expect(field(rrg, "ERR", 8)).toMatch(/^ORC-9.1: the order was requested 60 s ago; at most 30 s/);
    expect(pump.orders).toHaveLength(0);
  });

  it("REQ-GW-046: the pump's refusals map to PIV codes: busy 9002, no match 9010, concentration 9018, care area 9021, hard stop 9024; MSH-16 ER sends no RRG for success", async () => {
    const { gw, ehr, pump } = await setup();
    const cases: [PumpDouble["answer"], string][] = [
      [{ kind: "refused", result: Result.PUMP_BUSY, detail: PumpState.RUNNING }, "9002"],
      [{ kind: "refused", result: Result.AUTO_PROGRAM_NO_MATCH, detail: 0 }, "9010"],
      [{ kind: "refused", result: Result.CONCENTRATION_DIFFERS, detail: 1 }, "9018"],
      [{ kind: "refused", result: Result.CARE_AREA_DIFFERS, detail: 1 }, "9021"],
      [{ kind: "pending", handle: 7, verdict: Verdict.HARD_STOP }, "9024"],
      [{ kind: "unreachable", reason: "serial port gone" }, "9007"],
    ];
    for (const [n, [answer]] of cases.entries()) {
      pump.answer = answer;
      await scan(gw.scanPort, bedside("BED-1"));
      await sendOrder(gw.port, buildRgv({ orderId: `ORD-${n}`, controlId: `C-${n}` }));
      await ehr.waitFor("RRG", n + 1);
    }
    expect(ehr.of("RRG").map((m) => field(m, "ERR", 5).split("^")[0])).toEqual(cases.map(([, code]) => code));
    expect(ehr.of("RRG").map((m) => field(m, "MSA", 1))).toEqual(cases.map(() => "AE"));
    pump.answer = { kind: "pending", handle: 9, verdict: Verdict.SOFT_STOP };
    await scan(gw.scanPort, bedside("BED-1"));
    await sendOrder(gw.port, buildRgv({ orderId: "ORD-ER", applicationAck: "ER" }));
    await gw.gateway.idle();
    await gw.sender.drained();
    expect(ehr.of("RRG")).toHaveLength(cases.length);
    expect(pump.orders).toHaveLength(cases.length + 1);
  });
});

describe("REQ-GW-048 duplicate orders are idempotent by order id", () => {
  it("REQ-GW-048: the same order again (another control ID) gets CA and the first outcome; the pump receives it once", async () => {
    const { gw, ehr, pump } = await setup();
    await scan(gw.scanPort, bedside("BED-1"));
    await sendOrder(gw.port, buildRgv({ controlId: "FIRST" }));
    await ehr.waitFor("RRG");
    expect(field(await sendOrder(gw.port, buildRgv({ controlId: "AGAIN" })), "MSA", 1)).toBe("CA");
    const rrgs = await ehr.waitFor("RRG", 2);
    expect(rrgs.map((m) => [field(m, "MSA", 1), field(m, "MSA", 2)])).toEqual([
      ["AA", "FIRST"],
      ["AA", "AGAIN"],
    ]);
    expect(pump.orders).toHaveLength(1);
  });
});

describe("REQ-GW-049 the four bedside scans", () => {
  const refusedBy = async (lines: string[], options: Parameters<typeof buildRgv>[0] = {}) => {
    const { gw, ehr, pump } = await setup();
    await scan(gw.scanPort, lines);
    await sendOrder(gw.port, buildRgv(options));
    const [rrg] = await ehr.waitFor("RRG");
    expect(pump.orders).toHaveLength(0);
    return {
      ack: field(rrg, "MSA", 1),
      err2: field(rrg, "ERR", 2),
      err5: field(rrg, "ERR", 5),
      err8: field(rrg, "ERR", 8),
    };
  };

  it("REQ-GW-049: a wrong patient's wristband is refused, naming the scan and PID-3 (9012)", async () => {
    expect(await refusedBy(bedside("BED-1", { patient: "MRN-9999" }))).toMatchObject({
      ack: "AR",
      err2: "PID^1^3^1^1",
      err5: "9012^Patient ID mismatch^IHE_PCD",
      err8: expect.stringMatching(/^PID-3.1: patient scan: wristband "MRN-9999" is not the order's patient "MRN-4711"/),
    });
  });

  it("REQ-GW-049: an expired medication label is refused, naming the scan and its expiry", async () => {
    const r = await refusedBy(bedside("BED-1", { label: "]d2010031234567890617261130" + "10LOT7" }));
    expect(r.err2).toBe("RXG^1^4^1^1");
    expect(r.err8).toMatch(/medication scan: GTIN 00312345678906 expired on 2026-11-30/);
  });

  it("REQ-GW-049: the wrong drug, a label misread, a badge not authorised, a scan missing or another pump are refused by name", async () => {
    expect((await refusedBy(bedside("BED-1", { label: `(01)${SALINE_GTIN}` }))).err8).toMatch(
      /medication scan: GTIN 00312345000011 is "NACL-09", the order is for "DOPA-400-250"/,
    );
    expect((await refusedBy(bedside("BED-1", { label: "(01)00312345678907" }))).err8).toMatch(
      /the check digit is wrong/,
    );
    expect((await refusedBy(bedside("BED-1", { nurse: "RN-99" }))).err8).toMatch(
      /clinician scan: badge "RN-99" is not a clinician authorised/,
    );
    expect((await refusedBy(bedside("BED-1").slice(1))).err8).toMatch(/patient scan: no scan at this bedside/);
    expect((await refusedBy(bedside("BED-1", { pump: "PUMP-B" }))).err8).toMatch(
      /pump scan: no bedside has scanned pump "PUMP-A"/,
    );
  });

  it("REQ-GW-050: every scan and every decision is recorded in the audit log", async () => {
    const { gw, ehr, state } = await setup();
    await scan(gw.scanPort, bedside("BED-1"));
    await sendOrder(gw.port, buildRgv());
    await ehr.waitFor("RRG");
    const audit = readFileSync(join(state, "audit.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(audit.filter((r) => r.event === "scan").map((r) => r.kind)).toEqual([
      "patient",
      "clinician",
      "medication",
      "pump",
    ]);
    expect(audit.find((r) => r.event === "bcma")).toMatchObject({
      ok: true,
      gtin: "00312345678906",
      lot: "LOT7",
      station: "BED-1",
    });
    expect(audit.find((r) => r.event === "order")).toMatchObject({
      order: "ORD-1",
      pump: "PUMP-A",
      code: "AA",
      handle: 1,
    });
    expect(await scan(gw.scanPort, ["BED-1 elbow 123", "just-one-word"])).toEqual([
      'ERR kind "elbow" is not one of patient, clinician, medication, pump',
      "ERR a scan is `<station> <kind> <data>`",
    ]);
  });
});

describe("REQ-GW-051 REQ-GW-052 nothing lost across an EHR outage or a gateway restart", () => {
  it("REQ-GW-052: while the EHR is down the RRG waits on disk; when it is back the RRG arrives with its MSH-10", async () => {
    const { gw, ehr } = await setup();
    const port = ehr.port;
    await ehr.stop();
    await scan(gw.scanPort, bedside("BED-1"));
    expect(field(await sendOrder(gw.port, buildRgv()), "MSA", 1)).toBe("CA");
    await gw.gateway.idle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gw.journal.pendingOutbound()).toHaveLength(1);
    expect(gw.sender.failures).toBeGreaterThan(0);
    await ehr.start(port);
    const [rrg] = await ehr.waitFor("RRG");
    expect(field(rrg, "MSH", 10)).toBe(gw.journal.pendingOutbound()[0]?.id ?? field(rrg, "MSH", 10));
    await gw.sender.drained();
    expect(gw.journal.pendingOutbound()).toHaveLength(0);
  });

  it("REQ-GW-051: an order accepted before a crash is sent to its pump after the restart, once; its RRG follows", async () => {
    const first = await setup();
    const stuck = first.pump;
    stuck.hold = new Promise(() => undefined); // the pump never answers: the gateway "crashes" meanwhile
    await scan(first.gw.scanPort, bedside("BED-1"));
    expect(field(await sendOrder(first.gw.port, buildRgv()), "MSA", 1)).toBe("CA");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stuck.orders).toHaveLength(1);
    // A crash: the listeners go, the journal stays as written; nothing is finished.
    first.gw.reporter.stop();
    first.gw.sender.stop();
    cleanups.splice(cleanups.length - 1, 1);
    const pump = new PumpDouble();
    const second = await setup({}, { ehr: first.ehr, state: first.state, pump });
    await second.gw.gateway.idle();
    expect(pump.orders.map((o) => o.orderId)).toEqual(["ORD-1"]);
    const [rrg] = await first.ehr.waitFor("RRG");
    expect(field(rrg, "MSA", 1)).toBe("AA");
    expect(second.logs).toContain("order ORD-1: resumed from the journal");
  });
});

describe("REQ-GW-058 an event names its order only from that order's own binding record", () => {
  it("REQ-GW-058: after the pump's log starts over, an event whose handle an old order had is reported with no order, never the old one", async () => {
    const { gw, ehr, pump } = await setup();
    const stopCondition = (m: Awaited<ReturnType<FakeEhr["waitFor"]>>[number]) =>
      m.getAllSegments("OBX").some((o) => o.getField(5).toString() === "^MDC_EVT_PUMP_DELIV_STOP^MDC");
    // The old log: ORD-1 bound at sequence s with handle h, started, paused, and more after it.
    const s = pump.records.length + 1;
    const handle = orderHandleOf(s);
    pump.logRecord(EventType.ORDER_BOUND, { ...orderTextFields("ORD-1"), status: handle });
    pump.logRecord(EventType.INFUSION_STARTED, { status: handle, rateUlPerHour: 13_594n });
    pump.logRecord(EventType.INFUSION_PAUSED, { status: handle, value: 100n });
    for (let i = 0; i < 4; i++) pump.logRecord(EventType.LIBRARY_ACTIVATED);
    await gw.reporter.pollAll();
    const before = (await ehr.waitFor("ORU^R42", 2)).filter(stopCondition);
    expect(before.map((m) => field(m, "OBR", 2))).toEqual(["ORD-1"]);
    // The log starts over (memory erased): at s now stands a record that binds nothing, and a pause
    // at s + 1 carries the same handle h. The order is unknown, not ORD-1.
    pump.records.length = 0;
    for (let q = 1; q <= s; q++) pump.logRecord(EventType.LIBRARY_ACTIVATED);
    pump.logRecord(EventType.INFUSION_PAUSED, { status: handle, value: 200n });
    await gw.reporter.pollAll();
    const stops = (await ehr.waitFor("ORU^R42", 3)).filter(stopCondition);
    expect(stops).toHaveLength(2);
    // No order id at all (the field is absent), and no patient of ORD-1.
    const optional = (id: string, n: number) => stops[1].getSegment(id)?.getField(n)?.toString() ?? "";
    expect(optional("OBR", 2)).toBe("");
    expect(optional("PID", 3)).not.toBe("MRN-4711");
  });
});

describe("REQ-GW-053 REQ-GW-054 status back to the EHR", () => {
  it("REQ-GW-053 REQ-GW-054: the pump's start, an alarm and its stop become PCD-10 events; PCD-01 carries state, rate, volumes", async () => {
    const { gw, ehr, pump } = await setup();
    await scan(gw.scanPort, bedside("BED-1"));
    await sendOrder(gw.port, buildRgv());
    await ehr.waitFor("RRG");
    const running = {
      ...IDLE_SNAPSHOT,
      state: PumpState.RUNNING,
      segment: 1,
      motorRateUlPerHour: 13_594n,
      primaryRateUlPerHour: 13_594n,
      primaryVtbiUl: 250_000n,
      primaryDeliveredUl: 12_500n,
      totalDeliveredUl: 12_500n,
      weightG: 72_500,
    };
    // The pump's log: the order bound before the gateway first reads it (the gateway finds the
    // order by its handle), then what the clinician and the pump did between two reads.
    const handle = orderHandleOf(pump.records.length + 1);
    pump.logRecord(EventType.ORDER_BOUND, { ...orderTextFields("ORD-1"), status: handle });
    pump.logRecord(EventType.ORDER_PATIENT, { ...orderTextFields("MRN-4711"), status: handle });
    pump.snapshot = { ...running, state: PumpState.PROGRAM_PENDING, motorRateUlPerHour: 0n, pendingOverride: 1 };
    await gw.reporter.pollAll();
    pump.logRecord(EventType.SOFT_STOP_OVERRIDDEN, { status: handle, reasonCode: 1, outcome: 1 });
    pump.logRecord(EventType.INFUSION_STARTED, { status: handle, rateUlPerHour: 13_594n });
    pump.snapshot = running;
    await gw.reporter.pollAll();
    pump.logRecord(EventType.FAULT_RAISED, { status: handle, detail: 0x100, alarmPriority: 3 });
    pump.logRecord(EventType.INFUSION_PAUSED, { status: handle, detail: 0x100, value: 12_500n });
    pump.snapshot = { ...running, state: PumpState.ALARM, motorRateUlPerHour: 0n, alarmMask: 1 };
    await gw.reporter.pollAll();
    const events = await ehr.waitFor("ORU^R42", 4);
    const condition = (m: (typeof events)[0]) =>
      m
        .getAllSegments("OBX")
        .find((o) => o.getField(3).toString().startsWith("68487"))!
        .getField(5)
        .toString();
    expect(events.map(condition)).toEqual([
      "SOFT_STOP_OVERRIDDEN^DERS soft stop overridden at the pump^99DERS",
      "197288^MDC_EVT_PUMP_DELIV_START^MDC",
      "196616^MDC_EVT_ALARM^MDC",
      "^MDC_EVT_PUMP_DELIV_STOP^MDC",
    ]);
    expect(field(events[0], "MSH", 21)).toBe("IHE_PCD_010^IHE PCD^1.3.6.1.4.1.19376.1.6.4.10^ISO");
    expect(field(events[0], "OBR", 2)).toBe("ORD-1");
    expect(field(events[0], "PID", 3)).toBe("MRN-4711");
    expect(events[0].getAllSegments("OBX").some((o) => o.getField(5).toString() === "CONFIRMED_WITH_PRESCRIBER")).toBe(
      true,
    );
    expect(
      events[2].getAllSegments("OBX").some((o) => o.getField(5).toString() === "196940^MDC_EVT_FLUID_LINE_OCCL^MDC"),
    ).toBe(true);
    const reason = events[3]
      .getAllSegments("OBX")
      .find((o) => o.getField(3).toString() === "^MDC_DEV_PUMP_NOT_DELIVERING_REASON^MDC");
    expect(reason?.getField(5).toString()).toBe("^pump-stopped-alarming");
    expect(field(events[3], "OBR", 2)).toBe("ORD-1");
    // PUMP-B, idle and without an order, reports once too; PUMP-A's reports name its order.
    const reports = (await ehr.waitFor("ORU^R01", 4)).filter((m) => field(m, "OBR", 2) === "ORD-1");
    const obx = (m: (typeof reports)[0], code: string) =>
      m.getAllSegments("OBX").find((o) => o.getField(3).toString().startsWith(`${code}^`));
    const during = reports[1];
    expect(field(during, "MSH", 21)).toBe("IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO");
    expect(obx(during, "184519")!.getField(5).toString()).toBe("^pump-status-infusing");
    expect(obx(during, "158014")!.getField(5).toString()).toBe("13.594");
    expect(obx(during, "158014")!.getField(6).toString()).toBe("265266^MDC_DIM_MILLI_L_PER_HR^MDC^mL/h^mL/h^UCUM");
    expect(obx(during, "157993")!.getField(5).toString()).toBe("12.5");
    expect(obx(during, "157872")!.getField(5).toString()).toBe("237.5");
    expect(obx(during, "68063")!.getField(5).toString()).toBe("72.5");
    // 13.594 mL/h of 400 mg / 250 mL for 72.5 kg: 300.005 µg/kg/h (5.0001 µg/kg/min), cut to 3 decimals.
    expect(obx(during, "157924")!.getField(5).toString()).toBe("300.005");
    expect(obx(during, "157924")!.getField(6).toString()).toBe("ug/kg/h^ug/kg/h^UCUM");
    const ids = ehr.received.map((m) => field(m, "MSH", 10));
    expect(new Set(ids).size).toBe(ids.length); // every message its own de-duplication key
  });
});
