// The report page's stylesheet, inline so the page needs nothing else (REQ-RPT-004). Verdicts are
// told by word as well as colour, so a black-and-white printout loses nothing.
export const REPORT_CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;margin:1.5em auto;max-width:75em;padding:0 1em}
h1{font-size:1.5em;margin:0 0 .5em}h2{font-size:1.25em;border-bottom:2px solid #333;margin-top:1.75em}h3{font-size:1.05em;margin:1.25em 0 .4em}
table{border-collapse:collapse;width:100%;margin:.4em 0 1em}th,td{border:1px solid #999;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eee}table.kv th{width:14em}code,pre,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.hash{word-break:break-all}pre{white-space:pre-wrap;word-break:break-all;border:1px solid #ccc;background:#fafafa;padding:.5em;margin:.3em 0 1em}
.verdict{font-weight:bold;text-transform:uppercase}.pass{color:#116611}.fail{color:#b00000}.blocked{color:#8a5a00}.partial{color:#8a5a00}.not-covered{color:#555;font-style:italic}
tr.fail td{background:#fdecec}tr.blocked td{background:#fff4dd}.unknown{color:#b00000;font-weight:bold}
@media print{
  body{max-width:none;margin:0;font-size:10pt;color:#000}
  h2{break-after:avoid;page-break-after:avoid}h3{break-after:avoid;page-break-after:avoid}
  tr,pre{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}
  article.scenario{break-before:auto}
  tr.fail td,tr.blocked td,th{background:none}
  a{color:inherit;text-decoration:none}
}
`.trim();
