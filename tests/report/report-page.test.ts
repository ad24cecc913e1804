// The report page's first screen, units, time samples and charts (REQ-RPT-012, REQ-RPT-013,
// REQ-RPT-014) on the synthetic run result; the layout itself is checked in Chromium by
// tests/browser (npm run test:browser).
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../hil/report/html.ts";
import { descriptionWithUnits, lineWithUnit, shiftDecimal, withUnit } from "../../hil/report/units.ts";
import { renderJson } from "../../hil/report/write-reports.ts";
import { FIX, runResult } from "./fixture.ts";

function withTimeline() {
  const r = runResult();
  const [pass, fail] = r.scenarios;
  pass.steps[0].after = { elapsedMs: 0, motorRateUlPerHour: 0, deliveredUl: 0 };
  pass.steps[1].after = {
    elapsedMs: 60_000,
    motorRateUlPerHour: 25_200,
    deliveredUl: 420,
    raised: ["ALARM_RAISED detail 4"],
  };
  fail.steps[0].mismatched = [0];
  fail.notRun = [{ index: 3, description: "expectMotor 0 µL/h" }];
  return r;
}

describe("REQ-RPT-012 the first screen tells the outcome", () => {
  const html = renderHtml(withTimeline());
  const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('id="contents"'));

  it("REQ-RPT-012: verdict in the title, then the summary with a scenario table before anything else", () => {
    expect(html).toMatch(/<h1>[^<]*— <span class="verdict fail">fail<\/span><\/h1>/);
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('id="contents"'));
    expect(html.indexOf('id="contents"')).toBeLessThan(html.indexOf('id="run"'));
    expect(summary).toContain('<table class="scenarios-table">');
    expect(summary).toContain(`<a href="#scenario-${FIX.scPass}">${FIX.scPass}</a>`);
    expect(summary).toContain("<td>2 of 2</td><td>1.250 s</td>");
    expect(summary).toContain("simulated time");
  });

  it("REQ-RPT-012: every failure with the mismatching field marked and the steps not run", () => {
    expect(summary).toContain("Failures (2)");
    expect(summary).toContain("<mark>≠ verdict HARD_STOP</mark><br>bindingParam DOSE");
    expect(summary).toContain("<mark>≠ verdict SOFT_STOP</mark><br>bindingParam DOSE");
    expect(summary).toContain("verdict: expected HARD_STOP, observed SOFT_STOP");
    expect(summary).toContain(
      'Not run (1):</p>\n<ol class="not-run"><li value="3"><span class="mono">expectMotor 0 mL/h (0 µL/h)</span></li></ol>',
    );
    expect(summary).toContain("needs rig control: fault lines");
    const allPass = runResult();
    allPass.scenarios = [allPass.scenarios[0]];
    allPass.summary = { scenarios: 1, passed: 1, failed: 0, blocked: 0, steps: 2 };
    expect(renderHtml(allPass)).toContain("<p>No failures.</p>");
  });

  it("REQ-RPT-012: numbered contents link every section and scenario", () => {
    for (const [id, title] of [
      ["summary", "1 Summary"],
      ["run", "2 Run identity"],
      ["traceability", "3 Traceability"],
      ["scenarios", "4 Scenarios"],
      ["anomalies", "5 Anomalies"],
      ["transcript", "6 Serial transcript"],
    ]) {
      expect(html).toContain(`<a href="#${id}">${title}</a>`);
      expect(html).toContain(`<h2>${title}</h2>`);
    }
    expect(html).toContain(`<a href="#scenario-${FIX.scFail}">4.2 ${FIX.scFail}</a>`);
  });
});

describe("REQ-RPT-013 values in units, verdict first, wrapping tables", () => {
  it("REQ-RPT-013: shifts decimals exactly, never through floating point", () => {
    expect(shiftDecimal("12500", 3)).toBe("12.5");
    expect(shiftDecimal("1", 3)).toBe("0.001");
    expect(shiftDecimal("9999999", 3)).toBe("9999.999");
    expect(shiftDecimal("9007199254740993", 3)).toBe("9007199254740.993"); // beyond 2^53: still exact
    expect(shiftDecimal("0", 4)).toBe("0");
  });

  it("REQ-RPT-013: names units from the field's suffix, keeps the integer, names a unit it cannot convert", () => {
    expect(withUnit("rateUlPerHour", "3600")).toBe("3.6 mL/h (3600 µL/h)");
    expect(withUnit("primaryVtbiUl", "500000")).toBe("500 mL (500000 µL)");
    expect(withUnit("weightG", "72400")).toBe("72.4 kg (72400 g)");
    expect(withUnit("bsaM2X10000", "17300")).toBe("1.73 m²");
    expect(withUnit("entryId", "1001")).toBe("1001");
    expect(lineWithUnit("snapshot.motorRateUlPerHour 25200")).toBe(
      "snapshot.motorRateUlPerHour 25.2 mL/h (25200 µL/h)",
    );
    expect(lineWithUnit("deliveredUl 2000 ± 1")).toBe("deliveredUl 2 mL (2000 µL) ± 0.001 mL");
    expect(lineWithUnit("verdict HARD_STOP")).toBe("verdict HARD_STOP");
    expect(descriptionWithUnits('send PROGRAM {"mode":"DOSE","dose":"41000000","vtbiUl":"500000"}')).toBe(
      'send PROGRAM {"mode":"DOSE","dose": 41000000 ABU/basis/h,"vtbiUl": 500 mL (500000 µL)}',
    );
    expect(descriptionWithUnits('send BOLUS {"dose":"80000000"}')).toBe('send BOLUS {"dose": 80000000 ABU/basis}');
    expect(descriptionWithUnits("advance 90000 ms")).toBe("advance 90 s (90000 ms)");
  });

  it("REQ-RPT-013: step tables put the verdict first and every table has a fixed, wrapping layout, also in print", () => {
    const html = renderHtml(withTimeline());
    expect(html).toContain(
      '<table class="steps"><thead><tr><th>result</th><th>#</th><th>step</th><th>expected</th><th>observed</th><th>after the step</th></tr></thead>',
    );
    expect(html).toMatch(/table\{[^}]*table-layout:fixed/);
    expect(html).toMatch(/td\{[^}]*overflow-wrap:anywhere/);
    expect(html).toMatch(/@page\{size:A4/);
    expect(html).toMatch(/@media print\{[\s\S]*tr,[^{]*\{break-inside:avoid;page-break-inside:avoid\}/);
    expect(html).toContain('<tr class="not-run"><td><span class="verdict not-run">not run</span></td><td>3</td>');
  });
});

describe("REQ-RPT-014 time made visible", () => {
  it("REQ-RPT-014: report.json carries each step's time, motor rate, delivered volume and raised alarms", () => {
    const json = JSON.parse(renderJson(withTimeline())) as { scenarios: { steps: { after?: unknown }[] }[] };
    expect(json.scenarios[0].steps[1].after).toEqual({
      elapsedMs: 60_000,
      motorRateUlPerHour: 25_200,
      deliveredUl: 420,
      raised: ["ALARM_RAISED detail 4"],
    });
    expect(json.scenarios[2].steps[0].after).toBeUndefined();
  });

  it("REQ-RPT-014: a scenario with samples gets inline SVG charts of rate and volume with the alarm marked; one without gets none", () => {
    const html = renderHtml(withTimeline());
    const passArticle = html.slice(
      html.indexOf(`id="scenario-${FIX.scPass}"`),
      html.indexOf(`id="scenario-${FIX.scFail}"`),
    );
    expect(passArticle).toContain('aria-label="Motor rate over simulated time"');
    expect(passArticle).toContain('aria-label="Delivered volume over simulated time"');
    expect(passArticle).toContain(">ALARM_RAISED detail 4</text>");
    expect(passArticle).toContain(">25.2 mL/h</text>");
    expect(passArticle).toContain(">0.42 mL</text>");
    expect(passArticle).toContain(
      "t = 60.000 s<br>motor 25.2 mL/h (25200 µL/h)<br>delivered 0.42 mL (420 µL)<br><strong>ALARM_RAISED detail 4</strong>",
    );
    const failArticle = html.slice(
      html.indexOf(`id="scenario-${FIX.scFail}"`),
      html.indexOf(`id="scenario-${FIX.scBlocked}"`),
    );
    expect(failArticle).not.toContain("<svg");
    expect(html).not.toMatch(/<script|xlink:href|href="http/i);
    expect(renderHtml(withTimeline())).toBe(html);
  });
});
