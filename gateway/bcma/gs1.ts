// GS1 element strings on medication labels (GS1 General Specifications §3, §7.8): the data a
// DataMatrix or GS1-128 label carries, as a scanner sends it — with or without its symbology
// identifier (]d2 DataMatrix, ]C1 GS1-128, ]Q3 QR), variable-length fields ended by the group
// separator GS (0x1D, FNC1), or in the human-readable form with AIs in parentheses. Only the AIs a
// bedside check needs are accepted: (01) GTIN, (17) expiry, (10) lot, (21) serial; any other AI is
// refused by name, so a label is never half-read (docs/gateway.md §3).

export const GROUP_SEPARATOR = "\u001d";

export interface MedicationLabel {
  /** GTIN-14, check digit verified. */
  gtin: string;
  /** Expiry as YYYY-MM-DD; a day of 00 means the last day of the month (GS1 §3.4.4). */
  expiry?: string;
  lot?: string;
  serial?: string;
}

export class Gs1Error extends Error {}

interface AiRule {
  name: string;
  /** Fixed length of the data, or the maximum for a variable-length AI. */
  length: number;
  fixed: boolean;
  pattern: RegExp;
}

/** GS1 AI encodable character set 82 (GS1 §7.11, Figure 7.11-1). */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

const AIS: Readonly<Record<string, AiRule>> = {
  "01": { name: "GTIN", length: 14, fixed: true, pattern: /^\d{14}$/ },
  "17": { name: "expiry date", length: 6, fixed: true, pattern: /^\d{6}$/ },
  "10": { name: "batch/lot", length: 20, fixed: false, pattern: CSET82 },
  "21": { name: "serial number", length: 20, fixed: false, pattern: CSET82 },
};

/** The GS1 mod-10 check digit is right (GTIN-8/12/13/14, GS1 §7.9.1). */
export function checkDigitValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 2, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/**
 * The full year of a two-digit year, GS1 §7.12: within −49 … +50 years of the current year (so in
 * 2026, 77 is 1977 and 76 is 2076). Not a fixed 20YY: a label reading 99 is from 1999, long
 * expired, never 2099.
 */
export function fullYear(yy: number, currentYear: number): number {
  const century = Math.floor(currentYear / 100) * 100;
  const difference = yy - (currentYear % 100);
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

function expiryDate(yymmdd: string, currentYear: number): string {
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  const year = fullYear(yy, currentYear);
  if (mm < 1 || mm > 12) throw new Gs1Error(`(17) expiry ${yymmdd}: month ${mm} is not 01–12`);
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  if (dd > last)
    throw new Gs1Error(`(17) expiry ${yymmdd}: day ${dd} does not exist in ${year}-${String(mm).padStart(2, "0")}`);
  const day = dd === 0 ? last : dd;
  return `${year}-${String(mm).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Splits the human-readable form "(01)…(17)…" into [AI, data] pairs. */
function bracketed(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  const re = /\((\d{2,4})\)([^(]*)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text)) !== null) {
    pairs.push([m[1], m[2]]);
    end = re.lastIndex;
  }
  if (end !== text.length)
    throw new Gs1Error(`unreadable text at character ${end + 1}: ${JSON.stringify(text.slice(end, end + 12))}`);
  return pairs;
}

/** Splits the raw element string (FNC1 as GS) into [AI, data] pairs. */
function raw(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === GROUP_SEPARATOR) {
      i++;
      continue;
    }
    const ai = text.slice(i, i + 2);
    const rule = AIS[ai];
    if (rule === undefined)
      throw new Gs1Error(
        `application identifier (${ai}) at character ${i + 1} is not one a medication label check reads (01, 17, 10, 21)`,
      );
    i += 2;
    if (rule.fixed) {
      pairs.push([ai, text.slice(i, i + rule.length)]);
      i += rule.length;
    } else {
      const gs = text.indexOf(GROUP_SEPARATOR, i);
      const stop = gs < 0 ? text.length : gs;
      pairs.push([ai, text.slice(i, stop)]);
      i = stop;
    }
  }
  return pairs;
}

/**
 * Reads a medication label's element string; throws Gs1Error naming the AI and what is wrong.
 * `currentYear` (the gateway's clock) places a two-digit expiry year in its century.
 */
export function parseMedicationLabel(scanned: string, currentYear: number): MedicationLabel {
  let text = scanned;
  const symbology = /^\](d2|C1|Q3|e0)/.exec(text);
  if (symbology !== null) text = text.slice(3);
  if (text === "") throw new Gs1Error("the scan is empty");
  const pairs = text.startsWith("(") ? bracketed(text) : raw(text.startsWith(GROUP_SEPARATOR) ? text.slice(1) : text);
  const seen = new Map<string, string>();
  for (const [ai, data] of pairs) {
    const rule = AIS[ai];
    if (rule === undefined)
      throw new Gs1Error(`application identifier (${ai}) is not one a medication label check reads (01, 17, 10, 21)`);
    if (seen.has(ai)) throw new Gs1Error(`(${ai}) ${rule.name} appears twice`);
    if (rule.fixed ? data.length !== rule.length : data.length < 1 || data.length > rule.length)
      throw new Gs1Error(
        `(${ai}) ${rule.name} ${JSON.stringify(data)} has ${data.length} characters; ${rule.fixed ? "exactly" : "1 to"} ${rule.length} expected`,
      );
    if (!rule.pattern.test(data))
      throw new Gs1Error(`(${ai}) ${rule.name} ${JSON.stringify(data)} has characters GS1 does not allow there`);
    seen.set(ai, data);
  }
  const gtin = seen.get("01");
  if (gtin === undefined) throw new Gs1Error("no (01) GTIN: the label does not say which product it is");
  if (!checkDigitValid(gtin))
    throw new Gs1Error(`(01) GTIN ${gtin}: the check digit is wrong (a misread or a damaged label)`);
  const label: MedicationLabel = { gtin };
  const expiry = seen.get("17");
  if (expiry !== undefined) label.expiry = expiryDate(expiry, currentYear);
  const lot = seen.get("10");
  if (lot !== undefined) label.lot = lot;
  const serial = seen.get("21");
  if (serial !== undefined) label.serial = serial;
  return label;
}

/** The label is expired on `today` (YYYY-MM-DD): a product may be used on its expiry date, not after. */
export function isExpired(label: MedicationLabel, today: string): boolean {
  return label.expiry !== undefined && today > label.expiry;
}
