// The gateway's bedside configuration file (docs/gateway.md §5): the clinicians authorised to
// auto-program and the formulary — each product's GTIN, the drug code orders use for it, and its
// concentration (amount with a UCUM unit over a volume in mL; none for a plain fluid). Every
// problem names its place in the file (`products[2].gtin: …`); nothing of a bad file is used.
import { MAX_VOLUME_UL } from "../../firmware/abi/codes.ts";
import { checkDigitValid } from "../bcma/gs1.ts";
import type { BcmaConfig, FormularyProduct } from "../bcma/four-scans.ts";
import { readDecimal, scaleExact } from "../pcd/decimal.ts";
import { unitOf, UnitError } from "../pcd/units.ts";

export class BcmaConfigError extends Error {}

/** Default oldest age of a scan when an order arrives: 10 minutes. */
export const DEFAULT_MAX_SCAN_AGE_S = 600;

function fail(where: string, what: string): never {
  throw new BcmaConfigError(`${where}: ${what}`);
}

function string(value: unknown, where: string): string {
  if (typeof value !== "string" || value === "") fail(where, "must be a non-empty string");
  return value;
}

function product(raw: unknown, where: string): FormularyProduct {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail(where, "must be an object");
  const p = raw as Record<string, unknown>;
  for (const key of Object.keys(p))
    if (!["gtin", "drugCode", "amount", "amountUnit", "volumeMl"].includes(key))
      fail(`${where}.${key}`, "is not a product field (gtin, drugCode, amount, amountUnit, volumeMl)");
  const gtin = string(p.gtin, `${where}.gtin`);
  if (!/^\d{14}$/.test(gtin)) fail(`${where}.gtin`, `${JSON.stringify(gtin)} is not 14 digits (GTIN-14)`);
  if (!checkDigitValid(gtin)) fail(`${where}.gtin`, `${gtin}: the check digit is wrong`);
  const drugCode = string(p.drugCode, `${where}.drugCode`);
  const given = ["amount", "amountUnit", "volumeMl"].filter((k) => p[k] !== undefined);
  if (given.length === 0) return { gtin, drugCode };
  if (given.length !== 3) fail(where, "a concentration needs amount, amountUnit and volumeMl together");
  const amount = readDecimal(string(p.amount, `${where}.amount`));
  if (amount === undefined) fail(`${where}.amount`, "is not a decimal number such as 400 or 0.5");
  let unit;
  try {
    unit = unitOf([string(p.amountUnit, `${where}.amountUnit`), "", "UCUM"], "drug");
  } catch (error) {
    if (!(error instanceof UnitError)) throw error;
    fail(`${where}.amountUnit`, error.message);
  }
  if (unit === undefined || unit.meaning.kind !== "dose" || unit.meaning.basis !== "none")
    fail(`${where}.amountUnit`, "must be a UCUM drug amount such as mg, ug, [iU], meq or mmol");
  const amountAbu = scaleExact(amount, unit.meaning.abu);
  if (amountAbu === undefined || amountAbu === 0n)
    fail(`${where}.amount`, "is zero or finer than the pump's resolution");
  const volume = readDecimal(string(p.volumeMl, `${where}.volumeMl`));
  const volumeUl = volume === undefined ? undefined : scaleExact(volume, 1000n);
  if (volumeUl === undefined || volumeUl === 0n || volumeUl > BigInt(MAX_VOLUME_UL))
    fail(`${where}.volumeMl`, `must be a volume in mL above 0 and at most ${MAX_VOLUME_UL / 1000}, in steps of 0.001`);
  return { gtin, drugCode, amountAbu, volumeUl };
}

/** Reads the configuration's JSON text; `source` names the file in messages. */
export function readBcmaConfig(text: string, source: string): BcmaConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    fail(source, `is not JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail(source, "must hold a JSON object");
  const c = raw as Record<string, unknown>;
  for (const key of Object.keys(c))
    if (!["clinicians", "products", "maxScanAgeS"].includes(key))
      fail(`${source}: ${key}`, "is not a field (clinicians, products, maxScanAgeS)");
  if (!Array.isArray(c.clinicians)) fail(`${source}: clinicians`, "must be a list of badge IDs");
  const clinicians = new Set(c.clinicians.map((v, i) => string(v, `${source}: clinicians[${i}]`)));
  if (!Array.isArray(c.products)) fail(`${source}: products`, "must be a list of products");
  const formulary = new Map<string, FormularyProduct>();
  c.products.forEach((p, i) => {
    const read = product(p, `${source}: products[${i}]`);
    if (formulary.has(read.gtin)) fail(`${source}: products[${i}].gtin`, `${read.gtin} is listed twice`);
    formulary.set(read.gtin, read);
  });
  const age = c.maxScanAgeS ?? DEFAULT_MAX_SCAN_AGE_S;
  if (typeof age !== "number" || !Number.isInteger(age) || age < 1 || age > 86_400)
    fail(`${source}: maxScanAgeS`, "must be a whole number of seconds from 1 to 86400");
  return { clinicians, formulary, maxScanAgeMs: age * 1000 };
}
