// Small HTML building blocks for the report page. Every piece of text passes through escapeHtml.
import type { Verdict } from "../model/result-model.ts";
import type { HazardCoverage, ScenarioLink } from "./traceability.ts";
import { escapeHtml as esc } from "./text.ts";

export { esc };

/** A table: header cells are escaped here, body cells are HTML already built by the caller. */
export function table(head: string[], rows: { cells: string[]; className?: string }[], className = ""): string {
  const thead = `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead>`;
  const body = rows.map(
    (r) =>
      `<tr${r.className ? ` class="${esc(r.className)}"` : ""}>${r.cells.map((c) => `<td>${c}</td>`).join("")}</tr>`,
  );
  return `<table${className ? ` class="${esc(className)}"` : ""}>${thead}<tbody>\n${body.join("\n")}\n</tbody></table>`;
}

/** A two-column name/value table; values are escaped. */
export function keyValues(rows: [string, string][], valueClass: (name: string) => string = () => ""): string {
  const body = rows.map(([k, v]) => {
    const cls = valueClass(k);
    return `<tr><th>${esc(k)}</th><td${cls ? ` class="${esc(cls)}"` : ""}>${esc(v)}</td></tr>`;
  });
  return `<table class="kv"><tbody>\n${body.join("\n")}\n</tbody></table>`;
}

export function verdict(v: Verdict | HazardCoverage): string {
  const word = v === "not-covered" ? "not covered" : v;
  return `<span class="verdict ${esc(v)}">${esc(word)}</span>`;
}

/** The anchor id of a scenario's article; ids are stable text from the scenario file. */
export const scenarioAnchor = (id: string): string => `scenario-${id}`;

export function scenarioLinks(links: ScenarioLink[]): string {
  if (links.length === 0) return '<span class="not-covered">none</span>';
  return links
    .map((s) => `<a href="#${esc(scenarioAnchor(s.id))}">${esc(s.id)}</a> ${verdict(s.verdict)}`)
    .join("<br>");
}

export function lines(texts: string[]): string {
  return texts.map(esc).join("<br>");
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${esc(id)}">\n<h2>${esc(title)}</h2>\n${body}\n</section>`;
}
