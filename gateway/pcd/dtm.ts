// HL7 v2 DTM values the gateway reads (ORC-9) and writes (MSH-7, OBX-14). A time the gateway
// compares with its clock (is an order stale?) must say its UTC offset: a time without one could
// be read hours off, which would let a stale order through or refuse a fresh one.

const DTM = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?([+-])(\d{2})(\d{2})$/;

/** Milliseconds since 1970 (UTC), or a sentence saying what is wrong. */
export function readDtm(text: string): number | string {
  const m = DTM.exec(text);
  if (m === null)
    return `${JSON.stringify(text)} is not a time YYYYMMDDHHMM[SS[.S]]±ZZZZ (to the minute, with its UTC offset)`;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = Number(m[6] ?? "0");
  const ms = Math.floor(Number(`0.${m[7] ?? "0"}`) * 1000);
  const offsetMin = (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    Number(m[10]) > 59
  )
    return `${JSON.stringify(text)} is not a real date and time`;
  return local - offsetMin * 60_000;
}

/** A time written as YYYYMMDDHHMMSS+0000 (UTC). */
export function writeDtm(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+0000`;
}
