// The panel page as a pure function of its view (simulator/panel/render.ts): escaping, the page
// without a catalogue, and words next to every colour.
import { describe, expect, it } from "vitest";
import { Verdict } from "../../firmware/abi/codes.ts";
import { NO_ALARM, PumpState, ProgramKind } from "../../firmware/abi/workflow-codes.ts";
import type { InfusionSnapshot } from "../../simulator/client/workflow-messages.ts";
import type { PanelView } from "../../simulator/panel/panel-session.ts";
import { renderPanel } from "../../simulator/panel/render.ts";
import { textOf } from "./helpers.ts";

const snapshot: InfusionSnapshot = {
  state: PumpState.PROGRAM_PENDING,
  segment: 0,
  pendingKind: ProgramKind.PRIMARY,
  pendingVerdict: Verdict.HARD_STOP,
  pendingOverride: 0,
  careAreaId: 3,
  concentrationIndex: 0,
  highestAlarmPriority: 2,
  entryId: 77,
  alarmMask: 1 << 3,
  motorRateUlPerHour: 0n,
  primaryRateUlPerHour: 0n,
  primaryVtbiUl: 0n,
  primaryDeliveredUl: 0n,
  totalDeliveredUl: 1_500n,
  bolusRemainingUl: 0n,
  secondaryRemainingUl: 0n,
  weightG: 1_200,
  bsaM2X10000: 0,
  drugSelected: true,
  basicInfusion: false,
  basicReason: 0,
  secondaryConcentrationIndex: 0xff,
  secondaryEntryId: 0,
  alarmsSilenced: false,
  orderBound: false,
  linkLost: false,
  governingAlarm: 3,
};

function view(patch: Partial<PanelView> = {}): PanelView {
  return {
    nowMs: 61_000n,
    libraryActive: true,
    libraryVersion: 12,
    catalogue: undefined,
    catalogueProblem: "the panel was started without the library file",
    snapshot,
    selection: undefined,
    lastCheck: undefined,
    checkSuperseded: false,
    activity: [],
    otherClient: undefined,
    flash: undefined,
    ...patch,
  };
}

describe("REQ-PNL-002 REQ-PNL-005 the page as a function of the pump's answers", () => {
  it("REQ-PNL-002: without a catalogue the page still shows the pump's state, ids, weight, volume and alarm in words", () => {
    const text = textOf(renderPanel(view()));
    expect(text).toContain("State PROGRAM PENDING: checked, waiting for START");
    expect(text).toContain("Care area care area 3");
    expect(text).toContain("Drug entry 77");
    expect(text).toContain("Patient weight 1.2 kg");
    expect(text).toContain("Volume delivered 1.5 mL");
    expect(text).toContain("Pending program PRIMARY: HARD STOP: outside a hard limit; this program cannot be started");
    expect(text).toContain("LOW_BATTERY: MEDIUM priority, governing");
    expect(text).toContain("NO DRUG LIST: the panel was started without the library file.");
  });
  it("REQ-PNL-005: every coloured notice carries a word that says what the colour says", () => {
    const html = renderPanel(
      view({
        flash: { kind: "refused", text: "Start: refused" },
        snapshot: { ...snapshot, alarmMask: 0, governingAlarm: NO_ALARM },
      }),
    );
    for (const match of html.matchAll(/class="notice ([a-z-]+)"[^>]*>([\s\S]*?)<\/(div|li|p)>/g))
      expect(textOf(match[2])).toMatch(
        /REFUSED BY THE PUMP|ENTRY ERROR|DONE|ANOTHER CLIENT|NO DRUG LIST|HARD|SOFT|GO|priority/,
      );
    expect(textOf(html)).toContain("REFUSED BY THE PUMP: Start: refused");
  });
  it("REQ-PNL-003: text from the pump or the user is escaped, never markup", () => {
    const html = renderPanel(view({ flash: { kind: "entry error", text: '<script>alert("x")</script>' } }));
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });
});
