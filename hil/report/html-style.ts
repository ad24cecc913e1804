// The report page's stylesheet, inline so the page needs nothing else (REQ-RPT-004). Verdicts are
// told by word as well as colour, so a black-and-white printout loses nothing. Every table has a
// fixed layout with set column widths and wrapping cells (REQ-RPT-013): no column can push the
// table wider than the window or the printed page, however long a value is. Print rules use only
// what Chromium honours: @page size and margins, @page margin boxes (Chromium 131 and later: a footer
// with the page number and page count, printMarginCss), break-inside/break-after, repeated table
// heads. Sections and scenarios are numbered too, for readers of the page on screen (docs/hil.md §4).
export const REPORT_CSS = `
*{box-sizing:border-box}
body{overflow-wrap:anywhere;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;margin:1.5em auto;max-width:90em;padding:0 1em}
h1{font-size:1.5em;margin:0 0 .5em}h2{font-size:1.25em;border-bottom:2px solid #333;margin-top:1.75em}h3{font-size:1.05em;margin:1.25em 0 .4em}h4{font-size:1em;margin:.8em 0 .3em}
table{border-collapse:collapse;width:100%;max-width:100%;table-layout:fixed;margin:.4em 0 1em}
th,td{border:1px solid #999;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere;word-break:break-word;min-width:0}
th{background:#eee}table.kv th{width:16em}code,pre,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.hash{word-break:break-all}pre{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-all;border:1px solid #ccc;background:#fafafa;padding:.5em;margin:.3em 0 1em}
table.steps th:nth-child(1){width:11%}table.steps th:nth-child(2){width:4%}table.steps th:nth-child(3){width:25%}
table.steps th:nth-child(4),table.steps th:nth-child(5){width:21%}table.steps th:nth-child(6){width:18%}
table.scenarios-table th:nth-child(1){width:8em}table.scenarios-table th:nth-child(3),table.scenarios-table th:nth-child(4){width:9em}
table.trace-req th:nth-child(1){width:8em}table.trace-req th:nth-child(2){width:9em}table.trace-req th:nth-child(3){width:24%}
table.trace-haz th:nth-child(1){width:14%}table.trace-haz th:nth-child(2){width:18%}table.trace-haz th:nth-child(3){width:11%}table.trace-haz th:nth-child(4){width:9%}
table.anomalies th:nth-child(1){width:8em}table.anomalies th:nth-child(3){width:4em}
.verdict{font-weight:bold;text-transform:uppercase}.pass{color:#116611}.fail{color:#b00000}.blocked{color:#8a5a00}.partial{color:#8a5a00}.not-covered{color:#555;font-style:italic}
tr.fail td{background:#fdecec}tr.blocked td{background:#fff4dd}tr.not-covered td{background:#f3f3f3}tr.not-run td{color:#555}
.unknown{color:#b00000;font-weight:bold}.uncovered{font-weight:bold}.source{color:#555;font-size:12px}
mark{background:#ffd24d;color:#000;font-weight:bold}
.overall{font-size:1.1em}.failure{border-left:4px solid #b00000;padding:0 .6em;margin:.6em 0}.failure.blocked{border-color:#8a5a00}
ol.not-run{margin:.2em 0 .6em}
.charts{display:flex;flex-wrap:wrap;gap:.5em}figure.chart{margin:0;flex:1 1 22em;min-width:0;max-width:100%}
figure.chart svg{width:100%;height:auto;display:block;font:11px sans-serif}
svg .axis{stroke:#333;stroke-width:1}svg .data{fill:none;stroke:#1f4e9a;stroke-width:2}svg .mark{stroke:#b00000;stroke-dasharray:4 3}
svg text.mark{fill:#b00000;stroke:none}svg .title{font-weight:bold}
nav#contents ol{margin:.2em 0}nav#contents li{margin:.1em 0}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
  body{max-width:none;margin:0;padding:0;font-size:9pt;color:#000}
  code,pre,.mono{font-size:8pt}
  h2{break-after:avoid;page-break-after:avoid}h3,h4{break-after:avoid;page-break-after:avoid}
  tr,pre,figure.chart,.failure p{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}
  section#run,section#traceability,section#scenarios,section#anomalies,section#transcript{break-before:page;page-break-before:always}
  tr.fail td,tr.blocked td,tr.not-covered td,th{background:none}
  mark{background:none;text-decoration:underline}
  a{color:inherit;text-decoration:none}
}
`.trim();

/** A CSS string literal of `text`: quotes, backslashes, line breaks and "<" (so no "</style>") escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/**
 * The printed page's margin boxes: bottom left names the report (`label`: tool, firmware build,
 * verdict), so a page taken out of the printout still says what it belongs to; bottom right
 * "Page n of N" (REQ-RPT-013).
 */
export function printMarginCss(label: string): string {
  const box = "font:8pt sans-serif;color:#000";
  return `@page{@bottom-left{content:${cssString(label)};${box}}@bottom-right{content:"Page " counter(page) " of " counter(pages);${box}}}`;
}
