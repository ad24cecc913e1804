// REQ-RPT-013: the printed report's footer (CSS @page margin boxes). The label is text from the run
// (tool name, firmware build id), so it is written as a CSS string that cannot end the string or
// the <style> element whatever it holds; the browser suite reads the footer back from a real PDF.
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../hil/report/html.ts";
import { cssString, printMarginCss } from "../../hil/report/html-style.ts";
import { runResult } from "./fixture.ts";

describe("REQ-RPT-013 printed footer: report name and page n of N", () => {
  it("writes plain text as a CSS string unchanged", () => {
    expect(cssString("open-ders HIL report abc123 — PASS")).toBe('"open-ders HIL report abc123 — PASS"');
  });

  it("escapes quotes, backslashes, line breaks and angle brackets, so a label cannot leave the string or the <style>", () => {
    const written = cssString('a"b\\c\nd</style><script>');
    expect(written).toBe('"a\\22 b\\5c c\\a d\\3c /style\\3e \\3c script\\3e "');
    expect(written.slice(1, -1)).not.toMatch(/["<>\n]/);
  });

  it("puts the label bottom left and the page counter bottom right", () => {
    const css = printMarginCss("X");
    expect(css).toContain('@bottom-left{content:"X"');
    expect(css).toContain('@bottom-right{content:"Page " counter(page) " of " counter(pages)');
  });

  it("the page carries the footer with the build id and the run's verdict", () => {
    const r = runResult();
    const html = renderHtml(r);
    const style = html.slice(html.indexOf("<style>"), html.indexOf("</style>"));
    expect(style).toContain(`HIL report ${r.firmware.buildId} — FAIL`);
    expect(style).toContain("counter(pages)");
  });
});
