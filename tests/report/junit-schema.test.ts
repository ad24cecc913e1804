// junit.xml against the schema Jenkins' xUnit plugin validates with (junit-10.xsd, a verbatim copy
// in fixtures/), through libxml2's validator (xmllint-wasm: WebAssembly, no native build, no
// network). Covers a pass, a fail, a blocked scenario, wall times and a timestamp.
import { readFileSync } from "node:fs";
import { validateXML } from "xmllint-wasm";
import { describe, expect, it } from "vitest";
import { renderJunit } from "../../hil/report/junit.ts";
import { runResult } from "./fixture.ts";

const XSD = readFileSync(new URL("./fixtures/junit-10.xsd", import.meta.url), "utf8");

async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: "junit.xml", contents: xml }],
    schema: [{ fileName: "junit-10.xsd", contents: XSD }],
  });
  return result.errors.map((e) => e.rawMessage);
}

describe("REQ-RPT-007 junit.xml is valid against Jenkins xUnit junit-10.xsd", () => {
  it("REQ-RPT-007: the report of a pass, a fail and a blocked scenario validates, with and without wall times and timestamp", async () => {
    expect(await schemaErrors(renderJunit(runResult()))).toEqual([]);
    const timed = runResult();
    timed.timestamp = "2023-11-14T22:13:20Z";
    timed.scenarios.forEach((sc, i) => (sc.wallTimeMs = 1000 * i + 7));
    expect(await schemaErrors(renderJunit(timed))).toEqual([]);
  });

  it("the validator rejects what junit-10 forbids (self-test: properties in a testcase, skipped on testsuites)", async () => {
    const xml = renderJunit(runResult());
    const propsInCase = xml.replace(
      /<testcase ([^>]*?)\/?>/,
      '<testcase $1><properties><property name="a" value="b"/></properties></testcase><testcase name="x">',
    );
    expect((await schemaErrors(propsInCase)).join("\n")).toContain("properties");
    expect((await schemaErrors(xml.replace("<testsuites ", '<testsuites skipped="1" '))).join("\n")).toContain(
      "skipped",
    );
  });
});
