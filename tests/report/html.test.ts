// report.html (REQ-RPT-004, REQ-RPT-005): self-contained, escaped, every section and fact present.
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../hil/report/html.ts";
import { FIX, runResult } from "./fixture.ts";

describe("REQ-RPT-004 self-contained, printable HTML", () => {
  const html = renderHtml(runResult());

  it("references nothing outside the page and needs no script", () => {
    expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
    expect(html).not.toMatch(/http/i);
    expect(html).not.toMatch(/src=/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
  });

  it("escapes markup in the data: a title holding <script> stays text", () => {
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;");
    expect(html).not.toContain("<b>bold</b>");
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt; [U+0001]");
  });

  it("has the summary first, then contents, run identity, traceability, scenarios, anomalies and transcript sections", () => {
    for (const id of ["run", "summary", "traceability", "scenarios", "anomalies", "transcript"]) {
      expect(html).toMatch(new RegExp(`<(header|section) id="${id}">`));
    }
    const order = [
      'id="summary"',
      'id="contents"',
      'id="run"',
      'id="traceability"',
      'id="scenarios"',
      'id="anomalies"',
      'id="transcript"',
    ].map((s) => html.indexOf(s));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("shows verdicts as words, not colour alone", () => {
    expect(html).toContain('<span class="verdict fail">fail</span>');
    expect(html).toContain('<span class="verdict blocked">blocked</span>');
    expect(html).toContain('<span class="verdict pass">pass</span>');
    expect(html).toContain('Overall: <span class="verdict fail">fail</span>');
  });
});

describe("REQ-RPT-005 report contents", () => {
  const result = runResult();
  const html = renderHtml(result);

  it("states firmware, library, target, tool, Node and seeds", () => {
    for (const fact of [
      result.firmware.buildId,
      result.firmware.wasmSha256,
      result.library.sha256,
      "General Hospital (example), version 12",
      "virtual pump on /dev/pts/7",
      "open-ders-hil 0.1.0",
      "v20.20.2",
      "lineImpairment=42, values=7",
    ]) {
      expect(html).toContain(fact);
    }
    const onPort = renderHtml({ ...result, target: { kind: "port", path: "/dev/ttyUSB0", baudRate: 115200 } });
    expect(onPort).toContain("serial port /dev/ttyUSB0 at 115200 baud");
  });

  it("gives every scenario its file hash, IDs, steps expected vs observed and verdicts", () => {
    for (const s of result.scenarios) {
      expect(html).toContain(`id="scenario-${s.id}"`);
      expect(html).toContain(s.fileSha256);
      expect(html).toContain(s.file);
    }
    expect(html).toContain(`${FIX.reqDose}, ${FIX.reqStart}`);
    expect(html).toContain("verdict HARD_STOP<br>bindingParam DOSE");
    expect(html).toContain("verdict SOFT_STOP<br>bindingParam DOSE");
    expect(html).toContain("verdict: expected HARD_STOP, observed SOFT_STOP");
  });

  it("lists the anomalies and the decoded transcript by scenario", () => {
    const anomalies = html.slice(html.indexOf('id="anomalies"'), html.indexOf('id="transcript"'));
    expect(anomalies).toContain("needs rig control: fault lines");
    const transcript = html.slice(html.indexOf('id="transcript"'));
    expect(transcript).toContain(
      `<h3>${FIX.scPass}</h3>\n<pre>→ REQ #1 SELECT_CARE_AREA area 0\n← RSP #1 SELECT_CARE_AREA OK</pre>`,
    );
  });

  it("says so when there are no anomalies and no frames", () => {
    const quiet = renderHtml({ ...result, anomalies: [], transcript: [] });
    expect(quiet).toContain("<h2>5 Anomalies</h2>\n<p>None.</p>");
    expect(quiet).toContain("No frames recorded.");
  });
});
