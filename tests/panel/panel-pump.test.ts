// The front panel against the real firmware (virtual pump in this process, manual clock): forms
// posted over real localhost HTTP, the page read back. What the page shows is what the pump answered.
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { PumpClient } from "../../simulator/client/client.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import { Mode } from "../../firmware/abi/codes.ts";
import { page, panelRig, post, textOf, type PanelRig } from "./helpers.ts";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function rig(): Promise<PanelRig> {
  const r = await panelRig();
  open.push(r);
  return r;
}

/** Adult ICU, 80 kg, norEPINEPHrine 8 mg / 250 mL, dose mode. */
async function norepinephrine(r: PanelRig, dose: string): Promise<string> {
  await post(r.panel, "care-area", { careArea: "0" });
  await post(r.panel, "patient", { weight: "80" });
  await post(r.panel, "drug", { drug: "1020:1" });
  return post(r.panel, "program", { mode: "dose", dose, vtbi: "250" });
}

describe("REQ-PNL-002 the page shows the pump as the firmware reports it", () => {
  it("REQ-PNL-002 REQ-PNL-005: a soft stop shows its tier, value and limit in words; override with a reason, then start", async () => {
    const r = await rig();
    const checked = textOf(await norepinephrine(r, "2"));
    expect(checked).toContain("Care area Adult ICU");
    expect(checked).toContain("Drug norEPINEPHrine (HIGH-ALERT medication)");
    expect(checked).toContain("Concentration 8 mg in 250 mL (0.032 mg/mL)");
    expect(checked).toContain("Advisory High-alert vasopressor");
    expect(checked).toContain("SOFT STOP: outside a soft limit; override with a reason, or change the program");
    expect(checked).toContain("DOSE SOFT (SOFT MAXIMUM) above the soft maximum 2 mcg/kg/min 1 mcg/kg/min");
    expect(checked).toContain("Delivered rate: 300 mL/h.");
    expect(checked).toContain(
      "As the pump computed it (rounded down for display): Dose 2 mcg/kg/min; Volume to be infused 250 mL; Duration 50 min.",
    );
    const blocked = textOf(await post(r.panel, "start"));
    expect(blocked).toContain(
      "REFUSED BY THE PUMP: Start: refused by the pump: START_BLOCKED: a soft stop needs an override",
    );
    await post(r.panel, "override", { reason: "1" });
    const running = textOf(await post(r.panel, "start"));
    expect(running).toContain("State RUNNING: infusing");
    expect(running).toContain("Rate (primary) 300 mL/h");
    expect(running).toContain("Volume to be infused 250 mL");
    expect(running).toContain(
      "SOFT_STOP_OVERRIDDEN, norEPINEPHrine, 300 mL/h, SOFT STOP, reason: Confirmed with the prescriber",
    );
    r.pump.advance(60_000);
    expect(textOf(await page(r.panel))).toContain("Volume delivered 5 mL");
    expect(r.pump.pump.host.motor.rateUlPerHour).toBe(300_000);
  });

  it("REQ-PNL-002 REQ-PNL-008: a hard stop cannot be started or overridden; the refusals are the pump's", async () => {
    const r = await rig();
    const checked = textOf(await norepinephrine(r, "4"));
    expect(checked).toContain("HARD STOP: outside a hard limit; this program cannot be started");
    expect(checked).toContain("DOSE HARD (HARD MAXIMUM) above the hard maximum 4 mcg/kg/min 3 mcg/kg/min");
    expect(checked).not.toContain("Override the soft stop");
    expect(textOf(await post(r.panel, "override", { reason: "5" }))).toContain(
      "NOT_OVERRIDABLE: a hard stop cannot be overridden",
    );
    expect(textOf(await post(r.panel, "start"))).toContain("START_BLOCKED: a hard stop can never be started");
    expect(r.pump.pump.host.motor.rateUlPerHour).toBe(0);
  });

  it("REQ-PNL-002: alarms by name with their priority in words, and silence", async () => {
    const r = await rig();
    await norepinephrine(r, "0.05");
    await post(r.panel, "start");
    r.pump.pump.setFault("occlusion", true);
    const alarmed = textOf(await page(r.panel));
    expect(alarmed).toContain("State ALARM: stopped by a high-priority alarm");
    expect(alarmed).toContain("Alarms (highest: HIGH priority)");
    expect(alarmed).toContain("OCCLUSION: HIGH priority, governing");
    expect(textOf(await post(r.panel, "silence"))).toContain("Alarms (highest: HIGH priority) SILENCED");
  });
});

describe("REQ-PNL-002 REQ-PNL-008 titration and bolus through the page", () => {
  it("REQ-PNL-002 REQ-PNL-008: heparin titrated within its step and a bolus in units per kilogram; a step too large is the pump's hard stop", async () => {
    const r = await rig();
    await post(r.panel, "care-area", { careArea: "1" });
    await post(r.panel, "patient", { weight: "70" });
    await post(r.panel, "drug", { drug: "1001:0" });
    await post(r.panel, "program", { mode: "dose", dose: "18" });
    expect(textOf(await post(r.panel, "start"))).toContain("Rate (primary) 25.2 mL/h");
    const tooBig = textOf(await post(r.panel, "titrate", { mode: "dose", dose: "24" }));
    expect(tooBig).toContain("HARD STOP: outside a hard limit");
    expect(tooBig).toContain("TITRATION_STEP HARD (HARD MAXIMUM) beyond the limit see the limit 25 %");
    await post(r.panel, "cancel");
    await post(r.panel, "titrate", { mode: "dose", dose: "20" });
    expect(textOf(await post(r.panel, "start"))).toContain("Rate (primary) 28 mL/h");
    const bolus = textOf(await post(r.panel, "bolus", { kind: "bolus", bolusDose: "80", bolusRate: "500" }));
    expect(bolus).toContain("Bolus dose (units per kilogram) units/kg");
    expect(textOf(await post(r.panel, "start"))).toContain("Segment BOLUS");
  });
});

describe("REQ-PNL-002 without the library file", () => {
  it("REQ-PNL-002 REQ-PNL-008: care area and drug by id; the page says there is no drug list and shows what the pump reports", async () => {
    const r = await panelRig({ withCatalogue: false });
    open.push(r);
    expect(textOf(await page(r.panel))).toContain("NO DRUG LIST: the panel was started without the library file.");
    await post(r.panel, "care-area", { careArea: "1" });
    const selected = textOf(await post(r.panel, "drug", { entryId: "1001", concentration: "0" }));
    expect(selected).toContain("State DRUG SELECTED");
    expect(selected).toContain("Drug entry 1001");
    expect(selected).toContain("Advisory High-alert: independent double check");
    const refused = textOf(await post(r.panel, "drug", { entryId: "1020", concentration: "0" }));
    expect(refused).toContain("ENTRY_NOT_IN_CARE_AREA: the library does not offer this drug in the selected care area");
  });
});

describe("REQ-PNL-012 a bad entry sends nothing", () => {
  it("REQ-PNL-012: .5 and 5.0 are entry errors naming the field and the right form; the pump's log does not move", async () => {
    const r = await rig();
    await post(r.panel, "care-area", { careArea: "0" });
    const before = r.pump.pump.stats.framesHandled;
    expect(textOf(await post(r.panel, "patient", { weight: ".5" }))).toContain(
      'ENTRY ERROR: Weight: ".5": write a leading zero, 0.5',
    );
    expect(textOf(await post(r.panel, "patient", { weight: "80.0" }))).toContain("no trailing zero, write 80 ");
    // Each page view asks GET_STATUS and GET_INFUSION; the failed entries sent nothing else.
    expect(r.pump.pump.stats.framesHandled - before).toBe(4);
  });
});

describe("REQ-PNL-003 REQ-PNL-004 REQ-PNL-013 offline, keyboard-operable, own origin only", () => {
  it("REQ-PNL-003 REQ-PNL-004: no script or outside resource, a CSP that forbids them, a label for every control", async () => {
    const r = await rig();
    await post(r.panel, "care-area", { careArea: "0" });
    const response = await fetch(r.panel.url);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).not.toMatch(/<script|<link|<img|<iframe|https?:\/\//i);
    const controls = [...html.matchAll(/<(input|select)[^>]*\bid="([^"]+)"/g)].map((m) => m[2]);
    expect(controls.length).toBeGreaterThan(3);
    for (const id of controls) expect(html).toContain(`<label for="${id}">`);
    expect([...html.matchAll(/<(input|select)(?![^>]*\bid=)/g)]).toEqual([]);
  });
  it("REQ-PNL-013: a form from another origin and a request for another host are refused; nothing reaches the pump", async () => {
    const r = await rig();
    const before = r.pump.pump.stats.framesHandled;
    const foreign = await fetch(`${r.panel.url}action/care-area`, {
      method: "POST",
      headers: { origin: "http://evil.example" },
      body: new URLSearchParams({ careArea: "0" }),
      redirect: "manual",
    });
    expect(foreign.status).toBe(403);
    // A page fetched under another host name (DNS rebinding) is refused before the pump is asked.
    const rebound = await new Promise<number>((resolve, reject) => {
      const url = new URL(r.panel.url);
      request({ host: url.hostname, port: url.port, path: "/", headers: { host: "evil.example" } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(rebound).toBe(421);
    expect(r.pump.pump.stats.framesHandled).toBe(before);
  });
});

describe("REQ-PNL-006 REQ-PNL-007 another client on the serial line at the same time", () => {
  it("REQ-PNL-006 REQ-PNL-007: what a serial client programs shows as another client's; both keep working", async () => {
    const r = await rig();
    expect(textOf(await page(r.panel))).toContain("State IDLE");
    await post(r.panel, "care-area", { careArea: "1" });
    await post(r.panel, "drug", { drug: "2001:255" });
    expect(textOf(await post(r.panel, "program", { mode: "rate", rate: "100" }))).toContain(
      "Last check by the pump (Program) GO",
    );
    const link = await SerialLink.open(r.pump.path);
    open.push(link);
    const client = new PumpClient(link, { timeoutMs: 2000 });
    expect((await client.hello()).ok).toBe(true);
    expect((await client.selectCareArea(1)).ok).toBe(true);
    expect((await client.setPatient(70_000)).ok).toBe(true);
    expect((await client.selectDrug({ entryId: 1001, concentrationIndex: 0 })).ok).toBe(true);
    const programmed = await client.program({ mode: Mode.DOSE, dose: 18_000_000n });
    expect(programmed.ok).toBe(true);
    expect((await client.start()).ok).toBe(true);
    const seen = textOf(await page(r.panel));
    expect(seen).toContain("ANOTHER CLIENT changed the pump: INFUSION_STARTED, Heparin, 25.2 mL/h");
    expect(seen).toContain("another client PROGRAM_ACCEPTED_NO_ALERT, Heparin, 25.2 mL/h, GO");
    expect(seen).toContain("State RUNNING");
    expect(seen).toContain("another client PROGRAM_CANCELLED, Sodium chloride 0.9%");
    expect(seen).toContain("Not shown: another client changed the pump after this panel's last check");
    // The panel pauses; the serial client sees the pause (its own request still answered) and the event.
    expect(textOf(await post(r.panel, "pause"))).toContain("this panel INFUSION_PAUSED");
    const infusion = await client.getInfusion();
    expect(infusion.ok && infusion.value.snapshot.state).toBe(PumpState.PAUSED);
    expect(client.events.some((e) => e.code === 27)).toBe(true);
    expect(client.strayResponses).toBe(0);
    expect(client.badFrames).toBe(0);
  });

  it("REQ-PNL-007: a serial client numbering from the panel's own range meets no panel request in the history", async () => {
    const r = await rig();
    const link = await SerialLink.open(r.pump.path);
    open.push(link);
    const client = new PumpClient(link, { timeoutMs: 2000, firstSequence: 0xc000 });
    expect((await client.hello()).ok).toBe(true);
    for (let i = 0; i < 40; i++) {
      await page(r.panel); // two or three panel requests between each serial one
      const status = await client.getStatus();
      expect(status.ok ? "OK" : status.result).toBe("OK");
    }
    expect(client.strayResponses).toBe(0);
    expect(client.retransmissions).toBe(0);
  });
});
