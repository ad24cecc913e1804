// HTML pieces of the review packet: escaping (control and invisible characters shown as \uXXXX,
// as every report does, REQ-LIB-018) and plain tables. No script, no external reference.
import { terminalSafe } from "../../compiler/terminal-text.ts";

export const esc = (text: string | null): string =>
  text === null
    ? "—"
    : terminalSafe(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A table; cells are HTML already escaped by the caller; `rowClass` gives a row its class. */
export function table(head: string[], rows: string[][], rowClass: (index: number) => string = () => ""): string {
  const header = `<thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead>`;
  const body = rows.map((cells, i) => {
    const cls = rowClass(i);
    return `<tr${cls === "" ? "" : ` class="${cls}"`}>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
  });
  return `<table>${header}<tbody>\n${body.join("\n")}\n</tbody></table>`;
}

/** Print-first styling, inline: A4/Letter margins, sections kept off page breaks where they fit. */
export const STYLE = [
  "@page{margin:15mm}",
  "body{font-family:sans-serif;font-size:10pt;color:#000;max-width:190mm;margin:0 auto}",
  "h1{font-size:15pt}h2{font-size:12.5pt;border-bottom:1px solid #000;margin-top:18pt}h3{font-size:11pt;margin-bottom:3pt}",
  "table{border-collapse:collapse;width:100%;margin:4pt 0}td,th{border:1px solid #777;padding:2px 5px;text-align:left;vertical-align:top}",
  "th{background:#eee}.loosened{background:#fde2e1}.tightened{background:#e1f3e5}.look-alike td:nth-child(3){outline:2px solid #c60;font-weight:bold}",
  ".warning{border:2px solid #c60;padding:4px}.error{background:#fde2e1}.high-alert{font-weight:bold;border:1px solid #000;padding:0 3px}",
  ".digest{font-family:monospace;font-size:11pt;word-break:break-all}.context{margin:0 0 3pt 0}",
  ".signoff td{height:28pt}.signoff td:first-child{width:18%}section{page-break-inside:auto}.signoff-section{page-break-inside:avoid}",
  "@media print{.loosened,.tightened,.error,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}",
].join("");
