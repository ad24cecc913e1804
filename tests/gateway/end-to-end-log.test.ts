// End to end with real parts, PCD-10 from the pump's event log (docs/gateway.md §6,
// decisions/0045): the virtual pump on a real pseudo-terminal, the gateway reading its log with
// READ_LOG through serialport, the EHR (@medplum/hl7) on localhost TCP. Events shorter than a poll
// period are reported, an alarm is reported raised and cleared, and a gateway restart resends
// nothing the EHR acknowledged and loses nothing that happened meanwhile.
import { describe, expect, it } from "vitest";
import { Command } from "../../firmware/abi/protocol-codes.ts";
import { startGateway } from "../../gateway/service/start.ts";
import { BCMA } from "./harness.ts";
import { bedsideWithPump, cleanUpAfterEach, cleanups, conditions, field, ICU, local, order } from "./e2e-setup.ts";
import type { FakeEhr } from "./harness.ts";

cleanUpAfterEach();

const obx = (m: ReturnType<FakeEhr["of"]>[number], code: string): string | undefined =>
  m
    .getAllSegments("OBX")
    .find((o) => o.getField(3).toString() === code)
    ?.getField(5)
    .toString();
const recordKeys = (ehr: FakeEhr): string[] => ehr.of("ORU^R42").map((m) => obx(m, "^DERS_LOG_RECORD^99DERS") ?? "");

describe("REQ-GW-058 REQ-GW-059 PCD-10 events from the pump's event log, end to end", () => {
  it("REQ-GW-058 REQ-GW-059: a start and a pause at the pump between two polls are both reported, in order, with the order id and the pause's reason", async () => {
    const b = await bedsideWithPump();
    expect(await order(b)).toEqual({ ack: "AA", err5: "", err8: "" });
    await b.gw.reporter.pollAll();
    local(b, Command.START);
    local(b, Command.PAUSE);
    await b.gw.reporter.pollAll();
    await b.ehr.waitFor("ORU^R42", 2);
    expect(conditions(b.ehr)).toEqual(["197288^MDC_EVT_PUMP_DELIV_START^MDC", "^MDC_EVT_PUMP_DELIV_STOP^MDC"]);
    const [start, pause] = b.ehr.of("ORU^R42");
    expect(field(start, "OBR", 2)).toBe("ORD-1");
    expect(field(pause, "OBR", 2)).toBe("ORD-1");
    expect(field(pause, "PID", 3)).toBe("MRN-4711");
    // The start delivered at the order's rate; the pause is the clinician's.
    expect(obx(start, "158014^MDC_FLOW_FLUID_PUMP_CURRENT^MDC")).toMatch(/^13\.59[34]$/);
    expect(obx(pause, "^MDC_DEV_PUMP_NOT_DELIVERING_REASON^MDC")).toBe("^pump-stopped-by-clinician");
    // A third poll with nothing new in the log adds no event.
    await b.gw.reporter.pollAll();
    await b.gw.sender.drained();
    expect(b.ehr.of("ORU^R42")).toHaveLength(2);
  });

  it("REQ-GW-059: an occlusion stops the infusion: the alarm raised, the stop by the alarm, and the alarm cleared, with MDC terms and priority", async () => {
    const b = await bedsideWithPump();
    expect(await order(b)).toEqual({ ack: "AA", err5: "", err8: "" });
    local(b, Command.START);
    await b.gw.reporter.pollAll();
    b.pump.pump.setFault("occlusion", true);
    b.pump.pump.setFault("occlusion", false);
    await b.gw.reporter.pollAll();
    await b.ehr.waitFor("ORU^R42", 4);
    expect(conditions(b.ehr)).toEqual([
      "197288^MDC_EVT_PUMP_DELIV_START^MDC",
      "196616^MDC_EVT_ALARM^MDC",
      "^MDC_EVT_PUMP_DELIV_STOP^MDC",
      "196616^MDC_EVT_ALARM^MDC",
    ]);
    const [, raised, stop, cleared] = b.ehr.of("ORU^R42");
    expect(obx(raised, "^DERS_ALARM^99DERS")).toBe("196940^MDC_EVT_FLUID_LINE_OCCL^MDC");
    expect([obx(raised, "68481^MDC_ATTR_EVENT_PHASE^MDC"), obx(raised, "68482^MDC_ATTR_ALARM_STATE^MDC")]).toEqual([
      "start",
      "active",
    ]);
    expect(obx(raised, "68484^MDC_ATTR_ALARM_PRIORITY^MDC")).toBe("PH");
    expect(obx(stop, "^MDC_DEV_PUMP_NOT_DELIVERING_REASON^MDC")).toBe("^pump-stopped-alarming");
    expect([obx(cleared, "68481^MDC_ATTR_EVENT_PHASE^MDC"), obx(cleared, "68482^MDC_ATTR_ALARM_STATE^MDC")]).toEqual([
      "end",
      "inactive",
    ]);
  });
});

describe("REQ-GW-060 REQ-GW-061 a gateway restart neither resends nor loses the pump's events", () => {
  it("REQ-GW-060 REQ-GW-061: events acknowledged before the restart are not sent again; a pause and a resume while the gateway was down are sent after it, once, with the order found by its handle", async () => {
    const b = await bedsideWithPump();
    expect(await order(b)).toEqual({ ack: "AA", err5: "", err8: "" });
    await b.gw.reporter.pollAll();
    local(b, Command.START);
    await b.gw.reporter.pollAll();
    await b.ehr.waitFor("ORU^R42", 1);
    await b.gw.sender.drained();
    const before = recordKeys(b.ehr);
    // The gateway stops; the clinician pauses and resumes meanwhile.
    await b.gw.close();
    local(b, Command.PAUSE);
    local(b, Command.RESUME);
    const logs: string[] = [];
    const second = await startGateway({
      pumps: [{ id: "PUMP-A", path: b.pump.path, careAreaId: ICU }],
      listenPort: 0,
      scanPort: 0,
      ehr: { host: "127.0.0.1", port: b.ehr.port },
      bcma: BCMA,
      stateDir: b.stateDir,
      pollMs: 3_600_000,
      ehrRetryMs: 50,
      now: () => Date.UTC(2026, 11, 5, 10, 1, 0),
      log: (line) => logs.push(line),
    });
    cleanups.push(() => second.close());
    await second.reporter.pollAll();
    await second.reporter.pollAll();
    await b.ehr.waitFor("ORU^R42", 3);
    await second.sender.drained();
    expect(conditions(b.ehr)).toEqual([
      "197288^MDC_EVT_PUMP_DELIV_START^MDC",
      "^MDC_EVT_PUMP_DELIV_STOP^MDC",
      "197288^MDC_EVT_PUMP_DELIV_START^MDC",
    ]);
    const keys = recordKeys(b.ehr);
    expect(keys.slice(0, before.length)).toEqual(before);
    expect(new Set(keys).size).toBe(keys.length); // no record reported twice
    const ids = b.ehr.received.map((m) => field(m, "MSH", 10));
    expect(new Set(ids).size).toBe(ids.length);
    // The new gateway knew nothing of the order: it found ORDER_BOUND in the pump's log by the handle.
    expect(b.ehr.of("ORU^R42").map((m) => field(m, "OBR", 2))).toEqual(["ORD-1", "ORD-1", "ORD-1"]);
    expect(logs.some((l) => l.includes("event log is reported from"))).toBe(false);
  });
});
