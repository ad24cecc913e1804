// Lint reports and their configuration (REQ-LC-011): severities from defaults, a config file and
// --severity flags; findings sorted with severity, path and why; exit 0 / 1 / 2; the example
// library has no error-severity finding.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { LINT_RULES } from "../../hil/library/tools/lint/lint-rules.ts";
import { comparePaths, lintLibrary } from "../../hil/library/tools/lint/lint.ts";
import { cleanLibrary, cli, EXAMPLE_LIBRARY_PATH, readJson, tempDir } from "./helpers.ts";

let dir: string;
let softEqualsHard: string;
beforeEach(() => {
  dir = tempDir("lint");
  const lib = cleanLibrary();
  lib.entries[0].limits.dose.softMax = "40"; // soft-equals-hard, a warning by default
  softEqualsHard = join(dir, "soft-equals-hard.json");
  writeFileSync(softEqualsHard, JSON.stringify(lib, null, 2));
});

const write = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
};

describe("REQ-LC-011 lint severities and exit codes", () => {
  it("REQ-LC-011: the example library lints with no error-severity finding; every finding has a why", () => {
    const report = lintLibrary(readJson(EXAMPLE_LIBRARY_PATH));
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    for (const finding of report.findings) expect(finding.why).not.toBe("");
  });

  it("REQ-LC-011: a clean library exits 0 and says so", () => {
    const path = write("clean.json", cleanLibrary());
    expect(cli("lint", path)).toEqual({ code: 0, out: ["clean: no findings"], err: [] });
  });

  it("REQ-LC-011: warnings only exit 0; each finding prints severity, path, message, rule and why", () => {
    const result = cli("lint", softEqualsHard);
    expect(result.code).toBe(0);
    expect(result.out).toEqual([
      "warning /entries/0/limits/dose/softMax: entry 10 Heparin dose: softMax 40 units/kg/h equals hardMax 40 units/kg/h, so the soft limit never fires; move it inside the hard range or remove it [soft-equals-hard]",
      `  why: ${LINT_RULES.find((r) => r.id === "soft-equals-hard")?.why}`,
      "0 errors, 1 warning",
    ]);
  });

  it("REQ-LC-011: --severity raises a rule to error, and the exit code to 1", () => {
    const result = cli("lint", softEqualsHard, "--severity", "soft-equals-hard=error");
    expect(result.code).toBe(1);
    expect(result.out[0]).toMatch(/^error \/entries\/0\/limits\/dose\/softMax: /);
  });

  it("REQ-LC-011: a config file turns rules off; flags override the file", () => {
    const config = write("lint.json", { severity: { "soft-equals-hard": "off" } });
    expect(cli("lint", softEqualsHard, "--config", config)).toEqual({ code: 0, out: ["clean: no findings"], err: [] });
    expect(cli("lint", softEqualsHard, "--config", config, "--severity", "soft-equals-hard=error").code).toBe(1);
  });

  it.each([
    [
      ["--severity", "no-such-rule=off"],
      `error: --severity no-such-rule=off: unknown lint rule "no-such-rule"; rules: ${LINT_RULES.map((r) => r.id).join(", ")}`,
    ],
    [
      ["--severity", "soft-equals-hard=fatal"],
      'error: --severity soft-equals-hard=fatal: severity of "soft-equals-hard" must be error, warning or off, got "fatal"',
    ],
    [
      ["--severity", "soft-equals-hard"],
      "error: --severity soft-equals-hard: write <rule-id>=<error|warning|off>, e.g. --severity soft-equals-hard=off",
    ],
    [["--format", "xml"], 'error: --format must be text or json, got "xml"'],
  ])("REQ-LC-011: bad option %j exits 2", (options, message) => {
    expect(cli("lint", softEqualsHard, ...options)).toEqual({ code: 2, out: [], err: [message] });
  });

  it("REQ-LC-011: a config file with an unknown key or rule exits 2, naming the file", () => {
    const config = write("bad.json", { severity: { "soft-equals-hard": "off" }, rules: {} });
    expect(cli("lint", softEqualsHard, "--config", config)).toEqual({
      code: 2,
      out: [],
      err: [`error: ${config}: unknown key "rules"; only "severity" (and "$comment") are allowed`],
    });
  });

  it("REQ-LC-011: a library that does not compile gives compile:<rule> errors (exit 1), which cannot be turned off", () => {
    const lib = cleanLibrary();
    lib.entries[0].limits.dose.softMax = "50"; // above hardMax 40
    const path = write("broken.json", lib);
    const result = cli("lint", path, "--format", "json");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out.join("\n"));
    expect(report.findings.map((f: { rule: string; path: string }) => [f.rule, f.path])).toEqual([
      ["compile:tier-order", "/entries/0/limits/dose/hardMax"],
    ]);
    expect(cli("lint", path, "--severity", "compile:tier-order=off").code).toBe(2);
  });

  it("REQ-LC-011: invalid JSON is a compile:json-syntax finding; an unreadable file exits 2", () => {
    expect(cli("lint", write("bad.json", "{ nope")).code).toBe(1);
    expect(cli("lint", join(dir, "missing.json"))).toEqual({
      code: 2,
      out: [],
      err: [`error: cannot read "${join(dir, "missing.json")}": ENOENT; check the path`],
    });
  });

  it("REQ-LC-011: -o writes the JSON report atomically and prints the summary", () => {
    const output = join(dir, "report.json");
    expect(cli("lint", softEqualsHard, "--format", "json", "-o", output)).toEqual({
      code: 0,
      out: [`0 errors, 1 warning; report written to ${output}`],
      err: [],
    });
    const report = JSON.parse(readFileSync(output, "utf8"));
    expect(report).toMatchObject({
      errorCount: 0,
      warningCount: 1,
      findings: [{ rule: "soft-equals-hard", severity: "warning", path: "/entries/0/limits/dose/softMax" }],
    });
    expect(readdirSync(dir).sort()).toEqual(["report.json", "soft-equals-hard.json"]);
    expect(cli("lint", softEqualsHard, "-o", softEqualsHard).code).toBe(2);
  });

  it("REQ-LC-011: findings are sorted: array indexes as numbers, tiers low to high", () => {
    const paths = [
      "/entries/10/advisory",
      "/entries/9/limits/dose/hardMax",
      "/entries/9/limits/dose/hardMin",
      "/careAreas/0/weight",
    ];
    expect([...paths].sort(comparePaths)).toEqual([
      "/careAreas/0/weight",
      "/entries/9/limits/dose/hardMin",
      "/entries/9/limits/dose/hardMax",
      "/entries/10/advisory",
    ]);
  });

  it("REQ-LC-011: a path segment named like an Object.prototype member sorts by name, not as a tier", () => {
    expect(comparePaths("/entries/0/constructor", "/entries/0/hardMax")).toBe(-1);
    expect(comparePaths("/entries/0/hardMax", "/entries/0/constructor")).toBe(1);
    expect(comparePaths("/entries/0/toString", "/entries/0/hardMin")).toBe(1);
    const paths = [
      "/entries/0/valueOf",
      "/entries/0/hardMax",
      "/entries/0/constructor",
      "/entries/0/hardMin",
      "/entries/0/__proto__",
    ];
    expect([...paths].sort(comparePaths)).toEqual([
      "/entries/0/__proto__",
      "/entries/0/constructor",
      "/entries/0/hardMin",
      "/entries/0/hardMax",
      "/entries/0/valueOf",
    ]);
  });
});
