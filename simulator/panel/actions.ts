// What each form of the panel does (docs/panel.md §3): the form's fields, checked as ISMP asks and
// converted exactly to the pump's units, become one protocol command over the local port. A bad
// entry sends nothing (REQ-PNL-012); a refusal is the pump's, shown in its words.
import { Mode } from "../../firmware/abi/codes.ts";
import { BASIC_REASON_LAST, OVERRIDE_REASON_LAST, SilenceSource } from "../../firmware/abi/workflow-codes.ts";
import type { Outcome } from "../client/pump-commands.ts";
import type { ProgramValues, WorkflowResponse } from "../client/workflow-messages.ts";
import type { CatalogueEntry } from "./catalogue.ts";
import { parseIsmpNumber, toCanonical } from "./ismp-number.ts";
import { outcomeText } from "./outcome-text.ts";
import type { Flash, PanelSession } from "./panel-session.ts";
import { entryDoseUnit } from "./quantities.ts";
import { AMOUNT_UNITS, FIELD_UNITS } from "./units.ts";
import { withWholeAdvisory } from "./advisory.ts";

export type Form = ReadonlyMap<string, string>;

class EntryError extends Error {}

interface FieldUnit {
  symbol: string;
  spelled: string;
  canonicalPerUnit: bigint;
}

/** An optional numeric field: undefined when left empty. */
function optionalNumber(form: Form, name: string, label: string, unit: FieldUnit): bigint | undefined {
  const text = form.get(name) ?? "";
  if (text.trim() === "") return undefined;
  const parsed = parseIsmpNumber(text, label);
  if (!parsed.ok) throw new EntryError(parsed.error);
  const canonical = toCanonical(parsed.value, unit.canonicalPerUnit, label, unit.spelled);
  if (!canonical.ok) throw new EntryError(canonical.error);
  return canonical.value;
}

function requiredNumber(form: Form, name: string, label: string, unit: FieldUnit): bigint {
  const value = optionalNumber(form, name, label, unit);
  if (value === undefined) throw new EntryError(`${label}: enter a number`);
  return value;
}

function wholeChoice(form: Form, name: string, label: string): number {
  const text = form.get(name) ?? "";
  if (!/^\d{1,10}$/.test(text)) throw new EntryError(`${label}: choose one from the list`);
  return Number(text);
}

function selectedEntry(session: PanelSession, entryId: number): CatalogueEntry | undefined {
  return session.catalogue?.entries.find((entry) => entry.id === entryId);
}

/** The dose field's unit for the selected entry, from the library's dosing unit. */
function doseFieldUnit(entry: CatalogueEntry | undefined, perTime: boolean): FieldUnit {
  if (entry === undefined) throw new EntryError("Dose: the panel has no library catalogue for this drug; enter a rate");
  const unit = entryDoseUnit(entry, perTime);
  if (unit === undefined) throw new EntryError(`Dose: ${entry.displayName} is a fluid; enter a rate`);
  return unit;
}

function programValues(form: Form, entry: CatalogueEntry | undefined): ProgramValues {
  const modeText = form.get("mode") ?? "";
  const mode =
    modeText === "dose" ? Mode.DOSE : modeText === "rate" ? Mode.RATE : modeText === "duration" ? Mode.DURATION : 0;
  if (mode === 0) throw new EntryError("Mode: choose dose, rate or duration");
  const values: ProgramValues = { mode };
  values.dose = mode === Mode.DOSE ? requiredNumber(form, "dose", "Dose", doseFieldUnit(entry, true)) : undefined;
  values.rateUlPerHour =
    mode === Mode.RATE
      ? requiredNumber(form, "rate", "Rate", FIELD_UNITS.rate)
      : optionalNumber(form, "rate", "Rate", FIELD_UNITS.rate);
  if (mode !== Mode.RATE && values.rateUlPerHour !== undefined)
    throw new EntryError(`Rate: leave the rate empty in ${modeText} mode; the pump derives it`);
  values.vtbiUl = optionalNumber(form, "vtbi", "Volume to be infused", FIELD_UNITS.volume);
  values.durationS =
    mode === Mode.DURATION
      ? requiredNumber(form, "duration", "Duration", FIELD_UNITS.duration)
      : optionalNumber(form, "duration", "Duration", FIELD_UNITS.duration);
  for (const key of Object.keys(values) as (keyof ProgramValues)[]) if (values[key] === undefined) delete values[key];
  return values;
}

type Action = (session: PanelSession, form: Form) => Promise<Flash>;

function flashOf<T>(what: string, outcome: Outcome<T>): Flash {
  const { ok, text } = outcomeText(what, outcome);
  return { kind: ok ? "done" : "refused", text };
}

function checked(what: string, command: "program" | "titrate"): Action {
  return async (session, form) => {
    const infusion = await session.commands.getInfusion();
    const entryId = infusion.ok ? infusion.value.snapshot.entryId : 0;
    const values = programValues(form, selectedEntry(session, entryId));
    const outcome: Outcome<WorkflowResponse> = await session.commands[command](values);
    if (outcome.ok) await session.recordCheck(what, outcome.value);
    return flashOf(what, outcome);
  };
}

export const ACTIONS: ReadonlyMap<string, Action> = new Map<string, Action>([
  [
    "care-area",
    async (s, f) =>
      flashOf("Select care area", await s.commands.selectCareArea(wholeChoice(f, "careArea", "Care area"))),
  ],
  [
    "patient",
    async (s, f) => {
      const weightG = optionalNumber(f, "weight", "Weight", FIELD_UNITS.weight) ?? 0n;
      const bsa = optionalNumber(f, "bsa", "Body surface area", FIELD_UNITS.bsa) ?? 0n;
      // A care area with weight confirmation (issue 11 §7, NICU) takes the weight only entered twice.
      const again = optionalNumber(f, "weightAgain", "Weight again", FIELD_UNITS.weight);
      if (weightG > 0xffffffffn || bsa > 0xffffffffn || (again ?? 0n) > 0xffffffffn)
        throw new EntryError("Weight: far beyond any patient");
      const extras = again === undefined ? {} : { confirmWeightG: Number(again) };
      return flashOf("Set patient", await s.commands.setPatient(Number(weightG), Number(bsa), extras));
    },
  ],
  [
    "drug",
    async (s, f) => {
      const typed = f.has("entryId") ? `${f.get("entryId")}:${f.get("concentration") || "255"}` : undefined;
      const match = /^(\d{1,10}):(\d{1,3})$/.exec(typed ?? f.get("drug") ?? "");
      if (match === null) throw new EntryError("Drug: choose a drug and concentration from the list");
      const entryId = Number(match[1]);
      const concentrationIndex = Number(match[2]);
      const concentration = selectedEntry(s, entryId)?.concentrations[concentrationIndex];
      let customAmountAbu: bigint | undefined;
      let customVolumeUl: number | undefined;
      if (concentration?.kind === 1) {
        const amount = AMOUNT_UNITS.get(concentration.amountUnitCode)!;
        customAmountAbu = requiredNumber(f, "customAmount", "Amount in the bag", {
          ...amount,
          canonicalPerUnit: amount.abu,
        });
        customVolumeUl = Number(requiredNumber(f, "customVolume", "Volume of the bag", FIELD_UNITS.volume));
      }
      const outcome = await s.commands.selectDrug({ entryId, concentrationIndex, customAmountAbu, customVolumeUl });
      if (outcome.ok) {
        s.selection = await withWholeAdvisory(s.commands, outcome.value);
        s.forgetCheck();
      }
      return flashOf("Select drug", outcome);
    },
  ],
  [
    "basic",
    async (s, f) => {
      const reason = wholeChoice(f, "basicReason", "Reason for basic infusion");
      if (reason < 1 || reason > BASIC_REASON_LAST)
        throw new EntryError("Reason for basic infusion: choose one from the list");
      const outcome = await s.commands.selectBasic(reason);
      if (outcome.ok) {
        s.selection = undefined;
        s.forgetCheck();
      }
      return flashOf("Basic infusion", outcome);
    },
  ],
  ["program", checked("Program", "program")],
  ["titrate", checked("Titrate", "titrate")],
  [
    "override",
    async (s, f) => {
      const reason = wholeChoice(f, "reason", "Override reason");
      if (reason < 1 || reason > OVERRIDE_REASON_LAST)
        throw new EntryError("Override reason: choose a reason from the list");
      return flashOf("Override", await s.commands.override(reason));
    },
  ],
  [
    "bolus",
    async (s, f) => {
      const infusion = await s.commands.getInfusion();
      const entry = selectedEntry(s, infusion.ok ? infusion.value.snapshot.entryId : 0);
      const dose = requiredNumber(f, "bolusDose", "Bolus dose", doseFieldUnit(entry, false));
      const rateUlPerHour = requiredNumber(f, "bolusRate", "Bolus rate", FIELD_UNITS.rate);
      const outcome = await s.commands.bolus({ kind: f.get("kind") === "loading" ? 1 : 0, dose, rateUlPerHour });
      if (outcome.ok) await s.recordCheck("Bolus", outcome.value);
      return flashOf("Bolus", outcome);
    },
  ],
  ["start", async (s) => flashOf("Start", await s.commands.start())],
  ["cancel", async (s) => flashOf("Cancel", await s.commands.cancel())],
  ["pause", async (s) => flashOf("Pause", await s.commands.pause())],
  ["resume", async (s) => flashOf("Resume", await s.commands.resume())],
  ["stop", async (s) => flashOf("Stop", await s.commands.stop())],
  ["silence", async (s) => flashOf("Silence alarms", await s.commands.silenceAlarms(SilenceSource.LOCAL))],
  ["acknowledge", async (s) => flashOf("Acknowledge alarms", await s.commands.acknowledgeAlarms())],
]);

/** Runs the named action; an entry error sends nothing and is reported as such. */
export async function runAction(session: PanelSession, name: string, form: Form): Promise<Flash> {
  const action = ACTIONS.get(name);
  if (action === undefined) return { kind: "entry error", text: `no control named "${name}"` };
  try {
    const flash = await action(session, form);
    session.acknowledgeOthers();
    return flash;
  } catch (error) {
    if (error instanceof EntryError)
      return { kind: "entry error", text: `${error.message}. Nothing was sent to the pump.` };
    throw error;
  }
}
