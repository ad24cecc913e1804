// Guards of the repository's structure (issue 9; docs/decisions/0010-layering.md): no import cycle
// anywhere in firmware/, simulator/, gateway/ or hil/, and no import against the layering of tests/architecture/layers.ts.
import { describe, expect, it } from "vitest";
import { importCycles, importGraph, importSpecifiers, readSources, REPOSITORY_ROOT } from "./import-graph.ts";
import { layeringViolations } from "./layers.ts";

const sources = readSources(REPOSITORY_ROOT, ["firmware", "simulator", "gateway", "hil", "release", "tests"]);
const product = new Map([...sources].filter(([path]) => !path.startsWith("tests/")));
const graph = importGraph(product);

describe("architecture: the import graph", () => {
  it("resolves every relative import of firmware/, simulator/, gateway/ and hil/ to a file of those folders", () => {
    expect(
      graph.unresolved.map(
        (e) => `${e.from}:${e.line} imports ${e.to}, which is no file of firmware/, simulator/, gateway/ or hil/`,
      ),
    ).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(
      importCycles(graph.edges).map((cycle) => `import cycle of ${cycle.length} files: ${cycle.join(", ")}`),
    ).toEqual([]);
  });

  it("has no import against the layering (a folder imports only folders below it; hil → gateway → simulator → firmware/abi)", () => {
    expect(layeringViolations(graph.edges)).toEqual([]);
  });

  it("sees the project's imports (the reader is not blind)", () => {
    expect(graph.edges.length).toBeGreaterThan(500);
    expect(graph.edges.some((e) => e.from === "firmware/index.ts")).toBe(true);
    expect(graph.edges.some((e) => e.from.startsWith("gateway/"))).toBe(true);
  });
});

describe("architecture: the guards catch what they guard against (negative controls)", () => {
  const withExtra = (path: string, text: string) => importGraph(new Map([...product, [path, text]]));

  it("a gateway import of hil, and an upward import inside the gateway, fail", () => {
    const up = withExtra("gateway/hl7/up.ts", 'import "../../hil/model/scenario.ts";\n').edges;
    expect(layeringViolations(up).join("\n")).toContain(
      "gateway/hl7/up.ts:1 imports hil/model/scenario.ts: gateway/ may import only",
    );
    const inner = withExtra("gateway/mllp/peer.ts", 'import "../hl7/message.ts";\n').edges;
    expect(layeringViolations(inner).join("\n")).toContain("gateway/hl7 is a peer of gateway/mllp");
  });

  it("an upward import in firmware fails, naming both files", () => {
    const { edges } = withExtra("firmware/nv/upward.ts", 'import { protocolReceive } from "../protocol/receiver";\n');
    const problems = layeringViolations(edges).filter((p) => p.startsWith("firmware/nv/upward.ts"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("firmware/nv/upward.ts:1 imports firmware/protocol/receiver.ts");
    expect(problems[0]).toContain("lies above");
  });

  it("an import of a peer and of an unknown room fail", () => {
    const peer = layeringViolations(withExtra("firmware/clock/peer.ts", 'import "../crypto/crc32";\n').edges);
    expect(peer.join("\n")).toContain("is a peer of");
    const unknown = layeringViolations(withExtra("firmware/attic/old.ts", 'import "../abi/codes";\n').edges);
    expect(unknown.join("\n")).toContain('room "attic" has no place');
  });

  it("firmware importing a host file and simulator importing hil fail the repository direction", () => {
    const fromFirmware = layeringViolations(
      withExtra("firmware/abi/host.ts", 'import "../../simulator/host/types.ts";\n').edges,
    );
    expect(fromFirmware.join("\n")).toContain("firmware/ may import only firmware/");
    const fromSimulator = layeringViolations(
      withExtra("simulator/host/up.ts", 'import "../../hil/model/scenario.ts";\n').edges,
    );
    expect(fromSimulator.join("\n")).toContain("simulator/ may import only simulator/, firmware/abi/");
  });

  it("a cycle is found, however it is closed", () => {
    const graphWithCycle = importGraph(
      new Map([
        ["firmware/a/x.ts", 'export { y } from "../b/y";\n'],
        ["firmware/b/y.ts", 'import { z } from "./z";\n'],
        ["firmware/b/z.ts", 'const m = await import("../a/x");\n'],
      ]),
    );
    expect(importCycles(graphWithCycle.edges)).toEqual([["firmware/a/x.ts", "firmware/b/y.ts", "firmware/b/z.ts"]]);
  });

  it("imports inside comments are not edges, and every form of import is read", () => {
    const text =
      '// import "./nope";\n/* from "./no" */\nimport a from "./a";\nexport * from "./b";\nimport "./c";\nimport("./d");\n';
    expect(importSpecifiers(text)).toEqual([
      { specifier: "./a", line: 3 },
      { specifier: "./b", line: 4 },
      { specifier: "./c", line: 5 },
      { specifier: "./d", line: 6 },
    ]);
  });
});
