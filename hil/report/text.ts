// Shared text helpers for the report writers: escaping for HTML and XML, and the few values that
// several reports print the same way.
import type { RunResult } from "../model/result-model.ts";

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// XML 1.0 cannot carry these at all, not even as character references (§2.2), and in HTML they are
// parse errors or invisible: C0 controls other than tab, LF and CR, lone surrogates, U+FFFE and
// U+FFFF. Both reports show them as a visible [U+XXXX] (a damaged frame's text must not vanish).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const visible = (text: string): string =>
  text.replace(NOT_XML, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}]`);

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return visible(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return escapeHtml(text).replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}

/** Escapes XML element content, keeping line breaks as line breaks. */
export function escapeXmlText(text: string): string {
  return escapeXml(text).replace(/&#10;/g, "\n").replace(/&#9;/g, "\t");
}

/** Milliseconds as seconds with three decimals, by integer arithmetic (no float formatting). */
export function seconds(ms: number): string {
  const whole = Math.trunc(ms / 1000);
  return `${whole}.${String(ms - whole * 1000).padStart(3, "0")}`;
}

export function targetText(target: RunResult["target"]): string {
  if (target.kind === "virtual") return `virtual pump on ${target.tty}`;
  const port = `serial port ${target.path} at ${target.baudRate} baud`;
  return target.rig === undefined ? port : `${port}, rig plug-in ${target.rig.module}`;
}

/** What the rig said it is, as report rows ("Rig: serial", "R-0042"); none for a virtual pump or a bare port. */
export function rigIdentityRows(target: RunResult["target"]): [string, string][] {
  if (target.kind !== "port" || target.rig === undefined) return [];
  const identity = target.rig.identity;
  if (identity === undefined) return [["Rig identity", "not given by the plug-in (RigPlugin.identity)"]];
  return Object.keys(identity)
    .sort()
    .map((name) => [`Rig: ${name}`, identity[name]]);
}

/** Seeds as `name=value` in key order. */
export function seedsText(seeds: RunResult["seeds"]): string {
  const names = Object.keys(seeds).sort();
  return names.length === 0 ? "none" : names.map((name) => `${name}=${seeds[name]}`).join(", ");
}
