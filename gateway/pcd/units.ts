// Units of an infusion order (IHE PCD TF-2 PCD-03: "the preferred format is an MDC value; UCUM
// values are also acceptable"). A coded unit (CWE) carries a primary code (components 1–3) and
// may carry an alternate (4–6); each is read when its coding system is MDC or UCUM. MDC units are
// the ones the Technical Framework names for these fields (a table: MDC codes are not
// compositional); UCUM units are read by their grammar, so mcg/kg/h or [iU]/h need no table.
// Both codes given must mean the same unit. Every unit becomes a factor to the pump's canonical
// units (docs/units.md), so a value converts exactly or is refused.
import type { Component, Repetition } from "../hl7/message.ts";

export type AmountKind = "mass" | "units" | "mEq" | "mmol";
export type Basis = "none" | "weight" | "bsa";

/** What a unit code means, with its factor to the canonical unit of its kind (docs/units.md). */
export type UnitMeaning =
  /** µL per unit (mL → 1,000). */
  | { kind: "volume"; ul: bigint }
  /** µL/h per unit (mL/h → 1,000; mL/min → 60,000). */
  | { kind: "rate"; ulPerHour: bigint }
  /** A drug amount per basis (a dose, or a strength when the basis is none): ABU per unit. */
  | { kind: "dose"; amountKind: AmountKind; abu: bigint; basis: Basis }
  /** A dose rate: ABU per basis per hour, per unit. */
  | { kind: "doseRate"; amountKind: AmountKind; abuPerHour: bigint; basis: Basis }
  /** Patient weight: g per unit. */
  | { kind: "weight"; g: bigint }
  /** Patient height: mm per unit. */
  | { kind: "height"; mm: bigint }
  /** Body surface area: m² × 10⁻⁴ per unit. */
  | { kind: "bsa"; m2x10000: bigint }
  /** A duration: s per unit. */
  | { kind: "time"; s: bigint };

/** Where a unit is read: a drug field (g is a dose) or a patient parameter (g is a weight). */
export type UnitContext = "drug" | "patient" | "time";

/** The MDC units the Technical Framework names for PCD-03 fields: [code, reference ID, meaning per context]. */
const MDC: ReadonlyArray<readonly [string, string, Partial<Record<UnitContext, UnitMeaning>>]> = [
  ["263762", "MDC_DIM_MILLI_L", { drug: { kind: "volume", ul: 1000n } }],
  ["265266", "MDC_DIM_MILLI_L_PER_HR", { drug: { kind: "rate", ulPerHour: 1000n } }],
  [
    "265619",
    "MDC_DIM_MICRO_G_PER_KG_PER_MIN",
    { drug: { kind: "doseRate", amountKind: "mass", abuPerHour: 60_000_000n, basis: "weight" } },
  ],
  [
    "263872",
    "MDC_DIM_X_G",
    {
      drug: { kind: "dose", amountKind: "mass", abu: 1_000_000_000_000n, basis: "none" },
      patient: { kind: "weight", g: 1n },
    },
  ],
  ["263890", "MDC_DIM_MILLI_G", { drug: { kind: "dose", amountKind: "mass", abu: 1_000_000_000n, basis: "none" } }],
  ["263875", "MDC_DIM_KILO_G", { patient: { kind: "weight", g: 1000n } }],
  ["263441", "MDC_DIM_CENTI_M", { patient: { kind: "height", mm: 10n } }],
  ["263616", "MDC_DIM_SQ_X_M", { patient: { kind: "bsa", m2x10000: 10_000n } }],
  ["264384", "MDC_DIM_HR", { time: { kind: "time", s: 3600n } }],
  ["264352", "MDC_DIM_MIN", { time: { kind: "time", s: 60n } }],
  ["264320", "MDC_DIM_X_SEC", { time: { kind: "time", s: 1n } }],
];

/** UCUM drug amounts (docs/units.md: ABU is 1 pg, 1 µunit, 1 nEq, 1 nmol). */
const UCUM_AMOUNTS: Readonly<Record<string, readonly [AmountKind, bigint]>> = {
  g: ["mass", 1_000_000_000_000n],
  mg: ["mass", 1_000_000_000n],
  ug: ["mass", 1_000_000n],
  ng: ["mass", 1000n],
  "[iU]": ["units", 1_000_000n],
  "[IU]": ["units", 1_000_000n],
  "m[iU]": ["units", 1000n],
  "m[IU]": ["units", 1000n],
  meq: ["mEq", 1_000_000n],
  mmol: ["mmol", 1_000_000n],
};

const BASES: Readonly<Record<string, Basis>> = { "": "none", "/kg": "weight", "/m2": "bsa" };

function ucumDrug(code: string): UnitMeaning | undefined {
  const volume = /^m[lL](\/h|\/min)?$/.exec(code);
  if (volume !== null) {
    if (volume[1] === undefined) return { kind: "volume", ul: 1000n };
    return { kind: "rate", ulPerHour: volume[1] === "/h" ? 1000n : 60_000n };
  }
  const m = /^([a-z]*\[?[a-zA-Z]+\]?)(\/kg|\/m2)?(\/h|\/min)?$/.exec(code);
  if (m === null) return undefined;
  const amount = UCUM_AMOUNTS[m[1]];
  if (amount === undefined) return undefined;
  const basis = BASES[m[2] ?? ""];
  if (m[3] === undefined) return { kind: "dose", amountKind: amount[0], abu: amount[1], basis };
  return { kind: "doseRate", amountKind: amount[0], abuPerHour: amount[1] * (m[3] === "/h" ? 1n : 60n), basis };
}

const UCUM_PATIENT: Readonly<Record<string, UnitMeaning>> = {
  g: { kind: "weight", g: 1n },
  kg: { kind: "weight", g: 1000n },
  cm: { kind: "height", mm: 10n },
  m2: { kind: "bsa", m2x10000: 10_000n },
};

const UCUM_TIME: Readonly<Record<string, UnitMeaning>> = {
  h: { kind: "time", s: 3600n },
  min: { kind: "time", s: 60n },
  s: { kind: "time", s: 1n },
};

function ucum(code: string, context: UnitContext): UnitMeaning | undefined {
  if (context === "drug") return ucumDrug(code);
  return (context === "patient" ? UCUM_PATIENT : UCUM_TIME)[code];
}

/** A unit code read from a coded field, and which of its codes gave it. */
export interface ReadUnit {
  meaning: UnitMeaning;
  /** e.g. "265266^MDC_DIM_MILLI_L_PER_HR^MDC" or "mL/h^UCUM", for messages and the audit record. */
  written: string;
}

export class UnitError extends Error {}

function one(identifier: string, text: string, system: string, context: UnitContext): ReadUnit | undefined | "unknown" {
  if (identifier === "" && text === "" && system === "") return undefined;
  if (system === "MDC") {
    const row = MDC.find(([code, ref]) => code === identifier && (text === "" || text === ref));
    const meaning = row?.[2][context];
    return meaning === undefined ? "unknown" : { meaning, written: `${identifier}^${row![1]}^MDC` };
  }
  if (system === "UCUM") {
    // The UCUM expression is the identifier; some senders put a local number there and the
    // expression in the text (the Technical Framework's own examples do), which is read as well.
    const meaning = ucum(identifier, context) ?? ucum(text, context);
    const code = ucum(identifier, context) !== undefined ? identifier : text;
    return meaning === undefined ? "unknown" : { meaning, written: `${code}^UCUM` };
  }
  return "unknown";
}

const same = (a: UnitMeaning, b: UnitMeaning): boolean =>
  JSON.stringify(a, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ===
  JSON.stringify(b, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

/**
 * The unit of a CWE (or CE) value given as components of subcomponents; undefined when the field is
 * empty. Throws UnitError when no code is an MDC or UCUM unit the gateway reads here, or the
 * primary and alternate codes mean different units.
 */
export function readUnit(
  components: Repetition | readonly Component[] | undefined,
  context: UnitContext,
): ReadUnit | undefined {
  const c = (n: number): string => components?.[n - 1]?.[0] ?? "";
  return unitOf([c(1), c(2), c(3), c(4), c(5), c(6)], context);
}

/** The same from six plain strings (TQ1-13 writes its unit as subcomponents of one component). */
export function unitOf(parts: readonly string[], context: UnitContext): ReadUnit | undefined {
  const primary = one(parts[0] ?? "", parts[1] ?? "", parts[2] ?? "", context);
  const alternate = one(parts[3] ?? "", parts[4] ?? "", parts[5] ?? "", context);
  if (primary === undefined && alternate === undefined) return undefined;
  const known = [primary, alternate].filter((u): u is ReadUnit => u !== undefined && u !== "unknown");
  if (known.length === 0) {
    const shown = parts.filter((p) => p !== "").join("^");
    throw new UnitError(`the unit ${JSON.stringify(shown)} is not an MDC or UCUM unit the gateway reads here`);
  }
  if (known.length === 2 && !same(known[0].meaning, known[1].meaning))
    throw new UnitError(`the unit codes ${known[0].written} and ${known[1].written} do not mean the same unit`);
  return known[0];
}
