// The panel page (docs/panel.md §2): server-side HTML with no script, font or style from elsewhere,
// plain forms that POST, labels on every control, and every tier, verdict and priority written in
// words as well as marked by colour (REQ-PNL-003 … REQ-PNL-005). Pure: view in, HTML out.
import { Classification, Param, Verdict } from "../../firmware/abi/codes.ts";
import {
  Alarm,
  BasicReason,
  OverrideReason,
  PumpState,
  ProgramKind,
  Segment,
} from "../../firmware/abi/workflow-codes.ts";
import { paramName } from "../client/names.ts";
import { offeredIn, type CatalogueEntry } from "./catalogue.ts";
import type { ActivityRow, PanelView } from "./panel-session.ts";
import { concentrationText, entryDoseUnit, kg, mL, mLPerHour, paramQuantity, type Quantity } from "./quantities.ts";
import { doseUnit, FIELD_UNITS } from "./units.ts";
import { PARAM_BOLUS_DURATION, PARAM_TITRATION_STEP } from "../../firmware/abi/workflow-codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const q = (value: Quantity): string =>
  `${escapeHtml(value.number)} <abbr title="${escapeHtml(value.spelled)}">${escapeHtml(value.symbol)}</abbr>`;

export const STATE_TEXT: Record<number, string> = {
  [PumpState.IDLE]: "IDLE: no care area selected",
  [PumpState.AREA_SELECTED]: "AREA SELECTED: choose the patient and the drug",
  [PumpState.DRUG_SELECTED]: "DRUG SELECTED: enter the program",
  [PumpState.PROGRAM_PENDING]: "PROGRAM PENDING: checked, waiting for START",
  [PumpState.RUNNING]: "RUNNING: infusing",
  [PumpState.PAUSED]: "PAUSED: motor stopped, program kept",
  [PumpState.ALARM]: "ALARM: stopped by a high-priority alarm",
};

export const VERDICT_TEXT: Record<number, string> = {
  [Verdict.GO]: "GO: within the library's limits",
  [Verdict.SOFT_STOP]: "SOFT STOP: outside a soft limit; override with a reason, or change the program",
  [Verdict.HARD_STOP]: "HARD STOP: outside a hard limit; this program cannot be started",
};

export const TIER_TEXT: Record<number, string> = {
  1: "HARD MINIMUM",
  2: "SOFT MINIMUM",
  3: "SOFT MAXIMUM",
  4: "HARD MAXIMUM",
};

const CLASSIFICATION_TEXT: Record<number, string> = {
  [Classification.BELOW_SOFT_MIN]: "below the soft minimum",
  [Classification.ABOVE_SOFT_MAX]: "above the soft maximum",
  [Classification.BELOW_HARD_MIN]: "below the hard minimum",
  [Classification.ABOVE_HARD_MAX]: "above the hard maximum",
};

const PRIORITY_TEXT: Record<number, string> = { 1: "LOW priority", 2: "MEDIUM priority", 3: "HIGH priority" };

export const BASIC_REASON_TEXT: Record<number, string> = {
  [BasicReason.DRUG_NOT_IN_LIBRARY]: "Drug not in the library",
  [BasicReason.EMERGENCY]: "Emergency",
  [BasicReason.ENTRY_NOT_APPROPRIATE]: "No library entry fits",
  [BasicReason.MAINTENANCE_FLUID]: "Maintenance fluid",
};

export const OVERRIDE_REASON_TEXT: Record<number, string> = {
  [OverrideReason.CONFIRMED_WITH_PRESCRIBER]: "Confirmed with the prescriber",
  [OverrideReason.PATIENT_SPECIFIC_PROTOCOL]: "Patient-specific protocol",
  [OverrideReason.CLINICAL_CONDITION]: "Clinical condition warrants it",
  [OverrideReason.PHARMACY_VERIFIED]: "Verified by pharmacy",
  [OverrideReason.EMERGENCY]: "Emergency",
};

const paramLabel = (param: number): string =>
  param === PARAM_TITRATION_STEP
    ? "TITRATION_STEP"
    : param === PARAM_BOLUS_DURATION
      ? "BOLUS_DURATION"
      : paramName(param);

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem;color:#111;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.15rem;border-bottom:1px solid #999;margin-top:1.5rem}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem;text-align:left;vertical-align:top}
.notice{border:3px solid #000;padding:.5rem;margin:.5rem 0}
.hard,.high,.refused,.entry-error{border-color:#b00000;background:#fde8e8}
.soft,.medium{border-color:#8a5a00;background:#fff4d6}.low,.other{border-color:#004f9e;background:#e6f0ff}
.go,.done{border-color:#00632e;background:#e3f5ea}
form{margin:.4rem 0;padding:.4rem;border:1px solid #bbb}label{margin-right:.6rem}
input,select,button{font:inherit}button{padding:.2rem .8rem}
:focus{outline:3px solid #0050c8;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff}
@media print{form{display:none}}`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><a class="skip" href="#controls">Skip to the controls</a>
${body}
</body></html>
`;
}

function entryOf(view: PanelView, entryId: number): CatalogueEntry | undefined {
  return view.catalogue?.entries.find((entry) => entry.id === entryId);
}

function careAreaName(view: PanelView, id: number): string {
  return view.catalogue?.careAreas.find((area) => area.id === id)?.name ?? `care area ${id}`;
}

function statusSection(view: PanelView): string {
  const s = view.snapshot;
  const entry = entryOf(view, s.entryId);
  const rows: [string, string][] = [
    ["State", `<strong>${escapeHtml(STATE_TEXT[s.state] ?? `state ${s.state}`)}</strong>`],
  ];
  rows.push([
    "Library",
    view.libraryActive
      ? `version ${view.libraryVersion}${view.catalogue ? `, ${escapeHtml(view.catalogue.libraryName)}` : ""}`
      : "NONE: no library active, nothing can be programmed",
  ]);
  if (s.state !== PumpState.IDLE) rows.push(["Care area", escapeHtml(careAreaName(view, s.careAreaId))]);
  if (s.weightG > 0) rows.push(["Patient weight", q(kg(BigInt(s.weightG)))]);
  if (s.bsaM2X10000 > 0)
    rows.push(["Body surface area", q({ ...paramQuantity(Param.BSA, BigInt(s.bsaM2X10000), undefined) })]);
  if (s.drugSelected && s.basicInfusion) rows.push(["Drug", "BASIC INFUSION (no library entry)"]);
  else if (s.drugSelected) {
    rows.push([
      "Drug",
      `<strong>${escapeHtml(entry?.displayName ?? `entry ${s.entryId}`)}</strong>${entry?.highAlert ? " (HIGH-ALERT medication)" : ""}`,
    ]);
    const concentration = entry?.concentrations[s.concentrationIndex];
    if (concentration !== undefined) rows.push(["Concentration", escapeHtml(concentrationText(concentration))]);
    if (entry !== undefined) {
      const unit = doseUnit(entry.doseAmountUnitCode, entry.doseBasis, entry.doseTimeUnitCode);
      if (unit !== undefined)
        rows.push([
          "Dosing unit",
          `<abbr title="${escapeHtml(unit.spelled)}">${escapeHtml(unit.symbol)}</abbr> (${escapeHtml(unit.spelled)})`,
        ]);
    }
    if (view.selection?.advisory) rows.push(["Advisory", `<strong>${escapeHtml(view.selection.advisory)}</strong>`]);
  }
  if (s.state >= PumpState.RUNNING) {
    rows.push(["Segment", escapeHtml(Segment[s.segment] ?? `${s.segment}`)]);
    rows.push(["Rate (primary)", q(mLPerHour(s.primaryRateUlPerHour))]);
    rows.push(["Motor rate now", q(mLPerHour(s.motorRateUlPerHour))]);
    rows.push([
      "Volume to be infused",
      s.primaryVtbiUl > 0n ? q(mL(s.primaryVtbiUl)) : "none (continuous until stopped)",
    ]);
  }
  rows.push(["Volume delivered", q(mL(s.totalDeliveredUl))]);
  if (s.pendingKind !== ProgramKind.NONE) {
    const verdict = VERDICT_TEXT[s.pendingVerdict] ?? `verdict ${s.pendingVerdict}`;
    rows.push([
      "Pending program",
      `${escapeHtml(ProgramKind[s.pendingKind] ?? "")}: ${escapeHtml(verdict)}${s.pendingOverride ? ` (OVERRIDDEN: ${escapeHtml(OVERRIDE_REASON_TEXT[s.pendingOverride] ?? `reason ${s.pendingOverride}`)})` : ""}`,
    ]);
  }
  rows.push(["Pump time", `${(view.nowMs / 1000n).toString()} s`]);
  return `<section aria-labelledby="status-h"><h2 id="status-h">Pump status</h2><table><tbody>
${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join("\n")}
</tbody></table></section>`;
}

function checkSection(view: PanelView): string {
  const check = view.lastCheck;
  if (check === undefined)
    return view.checkSuperseded
      ? `<section aria-labelledby="check-h"><h2 id="check-h">Last check by the pump</h2><p><strong>Not shown:</strong> another client changed the pump after this panel's last check; see the event log.</p></section>`
      : "";
  const entry = entryOf(view, check.entryId);
  const r = check.result;
  const verdictClass = r.verdict === Verdict.HARD_STOP ? "hard" : r.verdict === Verdict.SOFT_STOP ? "soft" : "go";
  const alerts = r.params
    .map((p, param) => ({ p, param }))
    .filter(({ p }) => p.classification >= Classification.BELOW_SOFT_MIN);
  const rows = alerts.map(({ p, param }) => {
    const hard = p.classification >= Classification.BELOW_HARD_MIN;
    return `<tr class="${hard ? "hard" : "soft"}"><td>${escapeHtml(paramLabel(param))}</td><td><strong>${hard ? "HARD" : "SOFT"}</strong> (${escapeHtml(TIER_TEXT[p.tier] ?? "")})</td><td>${escapeHtml(CLASSIFICATION_TEXT[p.classification] ?? "")}</td><td>${q(paramQuantity(param, p.displayValue, entry))}</td><td>${q(paramQuantity(param, p.limitValue, entry))}</td></tr>`;
  });
  if (r.bindingParam >= PARAM_TITRATION_STEP && r.bindingParam <= PARAM_BOLUS_DURATION)
    rows.push(
      `<tr class="hard"><td>${escapeHtml(paramLabel(r.bindingParam))}</td><td><strong>HARD</strong> (${escapeHtml(TIER_TEXT[r.bindingTier] ?? "")})</td><td>beyond the limit</td><td>see the limit</td><td>${q(paramQuantity(r.bindingParam, r.bindingLimitValue, entry))}</td></tr>`,
    );
  const computed = (
    [
      [Param.DOSE, "Dose"],
      [Param.VTBI, "Volume to be infused"],
      [Param.DURATION, "Duration"],
    ] as const
  )
    .filter(([param]) => (r.params[param]?.classification ?? Classification.NOT_CHECKED) !== Classification.NOT_CHECKED)
    .map(([param, label]) => `${label} ${q(paramQuantity(param, r.params[param].displayValue, entry))}`);
  const doseLine =
    computed.length > 0 ? `<p>As the pump computed it (rounded down for display): ${computed.join("; ")}.</p>` : "";
  return `<section aria-labelledby="check-h"><h2 id="check-h">Last check by the pump (${escapeHtml(check.command)})</h2>
<div class="notice ${verdictClass}" role="status"><strong>${escapeHtml(VERDICT_TEXT[r.verdict] ?? `verdict ${r.verdict}`)}</strong>${r.verdict !== Verdict.GO ? `; binding: ${escapeHtml(paramLabel(r.bindingParam))}, ${escapeHtml(TIER_TEXT[r.bindingTier] ?? "")}` : ""}</div>
<p>Delivered rate: ${q(mLPerHour(r.deliveredRateUlPerHour))}.</p>${doseLine}
${rows.length > 0 ? `<table><caption>Alerts</caption><thead><tr><th>Parameter</th><th>Tier</th><th>Finding</th><th>Value</th><th>Limit</th></tr></thead><tbody>${rows.join("")}</tbody></table>` : "<p>No alerts.</p>"}
</section>`;
}

function alarmSection(view: PanelView): string {
  const s = view.snapshot;
  if (s.alarmMask === 0)
    return `<section aria-labelledby="alarm-h"><h2 id="alarm-h">Alarms</h2><p>No alarm active.</p></section>`;
  const priority = PRIORITY_TEXT[s.highestAlarmPriority] ?? "";
  const items: string[] = [];
  for (let bit = 0; bit < 32; bit++) {
    if (((s.alarmMask >>> bit) & 1) === 0) continue;
    const governing = bit === s.governingAlarm;
    items.push(
      `<li class="notice ${governing ? ["", "low", "medium", "high"][s.highestAlarmPriority] : ""}">${escapeHtml(Alarm[bit] ?? `alarm ${bit}`)}${governing ? `: <strong>${escapeHtml(priority)}, governing</strong>` : ": in the queue"}</li>`,
    );
  }
  return `<section aria-labelledby="alarm-h"><h2 id="alarm-h">Alarms (highest: ${escapeHtml(priority)})${s.alarmsSilenced ? " SILENCED" : ""}</h2><ul role="alert">${items.join("")}</ul></section>`;
}

/** Records whose outcome byte is a verdict (docs/workflow.md §9). */
const PROGRAM_OUTCOME_RECORDS: ReadonlySet<number> = new Set([
  EventType.PROGRAM_ACCEPTED_NO_ALERT,
  EventType.SOFT_STOP_OVERRIDDEN,
  EventType.SOFT_STOP_EDITED,
  EventType.HARD_STOP_EDITED,
  EventType.PROGRAM_CANCELLED,
  EventType.PROGRAM_REPLACED,
  EventType.ALERT_RAISED,
  EventType.START_REFUSED,
]);

function activityText(row: ActivityRow, view: PanelView): string {
  const r = row.record;
  const entry = entryOf(view, r.entryId);
  const parts = [r.typeName];
  if (r.entryId !== 0) parts.push(entry?.displayName ?? `entry ${r.entryId}`);
  if (r.rateUlPerHour > 0n) parts.push(`${mLPerHour(r.rateUlPerHour).number} mL/h`);
  if (PROGRAM_OUTCOME_RECORDS.has(r.type) && r.outcome <= 2) parts.push(["GO", "SOFT STOP", "HARD STOP"][r.outcome]);
  if (r.reasonCode !== 0 && OVERRIDE_REASON_TEXT[r.reasonCode] && r.outcome === 1)
    parts.push(`reason: ${OVERRIDE_REASON_TEXT[r.reasonCode]}`);
  return parts.join(", ");
}

function activitySection(view: PanelView): string {
  const rows = view.activity.map(
    (row) =>
      `<tr class="${row.by === "another client" ? "other" : ""}"><td>${row.record.sequence}</td><td>${(row.record.timeMs / 1000n).toString()} s</td><td>${escapeHtml(row.by)}</td><td>${escapeHtml(activityText(row, view))}</td></tr>`,
  );
  return `<section aria-labelledby="log-h"><h2 id="log-h">Event log since the panel opened (newest first)</h2>
${rows.length > 0 ? `<table><thead><tr><th>#</th><th>Time</th><th>By</th><th>Record</th></tr></thead><tbody>${rows.join("")}</tbody></table>` : "<p>No records yet.</p>"}</section>`;
}

const button = (action: string, label: string): string =>
  `<form method="post" action="/action/${action}"><button type="submit">${escapeHtml(label)}</button></form>`;

function numberField(name: string, label: string, unit: { symbol: string; spelled: string }, value = ""): string {
  return `<label for="f-${name}">${escapeHtml(label)} (${escapeHtml(unit.spelled)})</label><input id="f-${name}" name="${name}" inputmode="decimal" autocomplete="off" size="10" value="${escapeHtml(value)}"> <abbr title="${escapeHtml(unit.spelled)}">${escapeHtml(unit.symbol)}</abbr> `;
}

function programForm(action: string, title: string, entry: CatalogueEntry | undefined): string {
  const unit = entry ? doseUnit(entry.doseAmountUnitCode, entry.doseBasis, entry.doseTimeUnitCode) : undefined;
  return `<form method="post" action="/action/${action}" aria-label="${escapeHtml(title)}"><fieldset><legend>${escapeHtml(title)}</legend>
<label for="f-${action}-mode">Mode</label><select id="f-${action}-mode" name="mode">${unit ? '<option value="dose">Dose (the pump derives the rate)</option>' : ""}<option value="rate">Rate</option><option value="duration">Duration (volume over time)</option></select><br>
${unit ? numberField("dose", "Dose", unit) : ""}${numberField("rate", "Rate", FIELD_UNITS.rate)}<br>
${numberField("vtbi", "Volume to be infused", FIELD_UNITS.volume)}${numberField("duration", "Duration", FIELD_UNITS.duration)}<br>
<button type="submit">${action === "program" ? "Check program" : "Check titration"}</button></fieldset></form>`;
}

function controls(view: PanelView): string {
  const s = view.snapshot;
  const out: string[] = [];
  const selecting = s.state <= PumpState.PROGRAM_PENDING;
  if (selecting && view.catalogue !== undefined) {
    const options = view.catalogue.careAreas.map(
      (a) =>
        `<option value="${a.id}"${s.state !== PumpState.IDLE && a.id === s.careAreaId ? " selected" : ""}>${escapeHtml(a.name)}</option>`,
    );
    out.push(
      `<form method="post" action="/action/care-area"><label for="f-careArea">Care area</label><select id="f-careArea" name="careArea">${options.join("")}</select> <button type="submit">Select care area</button></form>`,
    );
  }
  if (selecting && view.catalogue === undefined) {
    out.push(
      `<form method="post" action="/action/care-area"><label for="f-careArea">Care area id</label><input id="f-careArea" name="careArea" inputmode="numeric" size="4"> <button type="submit">Select care area</button></form>`,
    );
    if (s.state >= PumpState.AREA_SELECTED)
      out.push(
        `<form method="post" action="/action/drug"><fieldset><legend>Drug by library id (no drug list)</legend><label for="f-entryId">Entry id</label><input id="f-entryId" name="entryId" inputmode="numeric" size="8"> <label for="f-concentration">Concentration index (empty for a fluid)</label><input id="f-concentration" name="concentration" inputmode="numeric" size="4"> <button type="submit">Select drug</button></fieldset></form>`,
      );
  }
  if (selecting && s.state >= PumpState.AREA_SELECTED) {
    out.push(
      `<form method="post" action="/action/patient"><fieldset><legend>Patient</legend>${numberField("weight", "Weight", FIELD_UNITS.weight)}${numberField("weightAgain", "Weight again (where the care area asks for it twice)", FIELD_UNITS.weight)}${numberField("bsa", "Body surface area", FIELD_UNITS.bsa)}<button type="submit">Set patient</button></fieldset></form>`,
    );
    if (view.catalogue !== undefined) {
      const options = view.catalogue.entries
        .filter((e) => offeredIn(e, s.careAreaId))
        .flatMap((e) =>
          e.concentrations.length === 0
            ? [{ e, value: `${e.id}:255`, text: "fluid" }]
            : e.concentrations.map((c) => ({ e, value: `${e.id}:${c.index}`, text: concentrationText(c) })),
        )
        .map(({ e, value, text }) => `<option value="${value}">${escapeHtml(`${e.displayName}: ${text}`)}</option>`);
      out.push(
        `<form method="post" action="/action/drug"><fieldset><legend>Drug and concentration (offered in ${escapeHtml(careAreaName(view, s.careAreaId))})</legend><label for="f-drug">Drug</label><select id="f-drug" name="drug">${options.join("")}</select><br>For a custom concentration only: ${numberField("customAmount", "Amount in the bag", { symbol: "amount", spelled: "in the drug's amount unit" })}${numberField("customVolume", "Volume of the bag", FIELD_UNITS.volume)}<br><button type="submit">Select drug</button></fieldset></form>`,
      );
    }
  }
  if (selecting && s.state >= PumpState.AREA_SELECTED) {
    const reasons = Object.entries(BASIC_REASON_TEXT).map(
      ([code, text]) => `<option value="${code}">${escapeHtml(text)}</option>`,
    );
    out.push(
      `<form method="post" action="/action/basic"><fieldset><legend>Basic infusion: leave the drug library (rate only, no drug limits)</legend><label for="f-basicReason">Reason</label><select id="f-basicReason" name="basicReason">${reasons.join("")}</select> <button type="submit">Program without the library</button></fieldset></form>`,
    );
  }
  if (s.state === PumpState.DRUG_SELECTED || s.state === PumpState.PROGRAM_PENDING)
    out.push(programForm("program", "Program", entryOf(view, s.entryId)));
  if (s.pendingVerdict === Verdict.SOFT_STOP && s.pendingOverride === 0 && s.pendingKind !== ProgramKind.NONE) {
    const reasons = Object.entries(OVERRIDE_REASON_TEXT).map(
      ([code, text]) => `<option value="${code}">${escapeHtml(text)}</option>`,
    );
    out.push(
      `<form method="post" action="/action/override"><fieldset><legend>Override the soft stop</legend><label for="f-reason">Reason</label><select id="f-reason" name="reason">${reasons.join("")}</select> <button type="submit">Override with this reason</button></fieldset></form>`,
    );
  }
  if (s.pendingKind !== ProgramKind.NONE)
    out.push(button("start", "Start"), button("cancel", "Cancel the pending program"));
  if (s.state === PumpState.RUNNING) {
    out.push(button("pause", "Pause"), button("stop", "Stop"));
    if (s.segment === Segment.PRIMARY) {
      out.push(programForm("titrate", "Titrate the running infusion", entryOf(view, s.entryId)));
      const entry = entryOf(view, s.entryId);
      out.push(
        `<form method="post" action="/action/bolus"><fieldset><legend>Bolus</legend><label for="f-kind">Kind</label><select id="f-kind" name="kind"><option value="bolus">Bolus</option><option value="loading">Loading dose</option></select> ${numberField("bolusDose", "Bolus dose", (entry && entryDoseUnit(entry, false)) ?? { symbol: "(no catalogue)", spelled: "the drug's amount per basis" })}${numberField("bolusRate", "Bolus rate", FIELD_UNITS.rate)}<button type="submit">Check bolus</button></fieldset></form>`,
      );
    }
  }
  if (s.state === PumpState.PAUSED || s.state === PumpState.ALARM)
    out.push(button("resume", "Resume"), button("stop", "Stop"));
  if (s.alarmMask !== 0)
    out.push(button("silence", "Silence alarms (2 minutes)"), button("acknowledge", "Acknowledge alarms"));
  return `<section aria-labelledby="controls-h"><h2 id="controls">Controls</h2>${out.join("\n")}</section>`
    .replace('id="controls">', 'id="controls" tabindex="-1">')
    .replace('aria-labelledby="controls-h"', 'aria-label="Controls"');
}

function notices(view: PanelView): string {
  const out: string[] = [];
  if (view.flash !== undefined) {
    const cls = view.flash.kind === "done" ? "done" : view.flash.kind === "refused" ? "refused" : "entry-error";
    const label =
      view.flash.kind === "done" ? "DONE" : view.flash.kind === "refused" ? "REFUSED BY THE PUMP" : "ENTRY ERROR";
    out.push(
      `<div class="notice ${cls}" role="${view.flash.kind === "done" ? "status" : "alert"}"><strong>${label}:</strong> ${escapeHtml(view.flash.text)}</div>`,
    );
  }
  if (view.otherClient !== undefined)
    out.push(
      `<div class="notice other" role="alert"><strong>ANOTHER CLIENT</strong> changed the pump: ${escapeHtml(activityText(view.otherClient, view))} (record ${view.otherClient.record.sequence}, at ${(view.otherClient.record.timeMs / 1000n).toString()} s). Check the programming before you act.</div>`,
    );
  if (view.catalogueProblem !== undefined)
    out.push(
      `<div class="notice soft" role="status"><strong>NO DRUG LIST:</strong> ${escapeHtml(view.catalogueProblem)}.</div>`,
    );
  return out.join("\n");
}

export function renderPanel(view: PanelView, links: readonly { href: string; text: string }[] = []): string {
  const nav = links.map((link) => `<a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a>`).join(" | ");
  const body = `<header><h1>Virtual pump front panel</h1>${nav ? `<nav aria-label="Pages">${nav}</nav>` : ""}</header><main>
${notices(view)}
${statusSection(view)}
${checkSection(view)}
${alarmSection(view)}
${controls(view)}
${activitySection(view)}
</main>`;
  return layout("Virtual pump front panel", body);
}

export { layout as pageLayout };
