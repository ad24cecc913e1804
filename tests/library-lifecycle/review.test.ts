// `library review` (REQ-LC-031): one self-contained printable HTML packet with the diff (care-area
// and high-alert context), lint findings, dry-run results on the release firmware, the content
// SHA-256 approve records and prints, and a sign-off block; the same inputs give the same bytes.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { contentDigest } from "../../hil/library/tools/lifecycle/content-digest.ts";
import { cleanLibrary, cli, EXAMPLE_LIBRARY_PATH, firmwareCopy, readJson, tempDir } from "./helpers.ts";

const run = (...argv: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "hil/library/cli.ts", ...argv], { encoding: "utf8" });

let dir: string;
let firmware: string;
let oldPath: string;
beforeAll(async () => {
  dir = tempDir("review");
  firmware = await firmwareCopy(dir);
  const previous = readJson(EXAMPLE_LIBRARY_PATH);
  previous.version = 11;
  previous.entries[0].limits.dose.hardMax = "30"; // heparin: 30 → 40 units/kg/h in the example
  oldPath = join(dir, "previous.json");
  writeFileSync(oldPath, JSON.stringify(previous, null, 2));
});

function digestOf(path: string): string {
  const d = contentDigest(readJson(path));
  if (!d.ok) throw new Error("does not compile");
  return d.sha256;
}

describe("REQ-LC-031 the committee review packet", () => {
  it("REQ-LC-031: the real CLI writes one self-contained HTML packet with every part; the example order set is the default", () => {
    const out = join(dir, "packet.html");
    const result = run("review", oldPath, EXAMPLE_LIBRARY_PATH, "-o", out, "--firmware", firmware);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const digest = digestOf(EXAMPLE_LIBRARY_PATH);
    expect(result.stdout).toBe(
      `review packet: General Hospital (example) version 12, content SHA-256 ${digest} → ${out}\n`,
    );
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    // Self-contained: no script, nothing fetched from elsewhere (no src, href, url(), @import).
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|\bsrc=|\bhref=|url\(|@import|https?:/i);
    // The diff with context: the changed entry's care areas and high-alert status.
    expect(html).toContain(
      '<h4>Changed: entry 1001 Heparin</h4>\n<p class="context"><span class="high-alert">HIGH-ALERT</span> Care areas: ICU-ADULT, MEDSURG</p>',
    );
    expect(html).toContain(
      '<tr class="loosened"><td>limits.dose.hardMax</td><td>30 units/kg/h</td><td>40 units/kg/h</td><td>▲ loosened</td></tr>',
    );
    // Lint: the example's warnings (docs/library-tools.md §1; the second cefazolin entry added one).
    expect(html).toContain("<p>0 errors, 13 warnings.</p>");
    expect(html).toContain("no-absolute-cap");
    // Dry-run of the example order set on the firmware.
    expect(html).toContain("Order set general-hospital-orders.csv: ");
    expect(html).toMatch(/\d+ orders: \d+ go, \d+ soft, \d+ hard, \d+ error; \d+ expectations checked, 0 mismatches/);
    expect(html).toContain("DOSE_ABSOLUTE hard max 2500 units/h");
    // The digest approve records, and the sign-off block.
    expect(html.split(digest).length - 1).toBeGreaterThanOrEqual(3);
    for (const role of ["Pharmacist", "Nurse", "Physician"])
      expect(html).toContain(`<tr><td>${role}</td><td></td><td></td><td></td></tr>`);
    expect(html).toContain("<th>role</th><th>name</th><th>date</th><th>signature</th>");
  });

  it("REQ-LC-031: the same inputs give the same bytes, wherever the packet is written", () => {
    const a = join(dir, "a.html");
    const b = join(tempDir("review-b"), "b.html");
    expect(cli("review", oldPath, EXAMPLE_LIBRARY_PATH, "-o", a, "--firmware", firmware).code).toBe(0);
    expect(cli("review", oldPath, EXAMPLE_LIBRARY_PATH, "-o", b, "--firmware", firmware).code).toBe(0);
    expect(readFileSync(a)).toEqual(readFileSync(b));
  });

  it("REQ-LC-031: the packet's digest is the one approve prints and records", () => {
    const work = tempDir("review-approve");
    const library = join(work, "library.json");
    writeFileSync(library, JSON.stringify(cleanLibrary(), null, 2));
    const previous = cleanLibrary();
    previous.version = 3;
    const old = join(work, "old.json");
    writeFileSync(old, JSON.stringify(previous));
    const out = join(work, "packet.html");
    const review = cli("review", old, library, "-o", out, "--firmware", firmware);
    expect(review.code).toBe(0); // lint clean; no order set: written, noted
    expect(review.err).toEqual(["note: no dry-run (no order set)"]);
    const html = readFileSync(out, "utf8");
    expect(html).toContain(
      '<p class="warning">No dry-run: no order set given (--orders &lt;orders.csv&gt;); run library dry-run before approval</p>',
    );
    const approved = cli("approve", library, "--approver", "Ana Lima:pharmacist", "--date", "2025-03-14");
    const printed = /approved content SHA-256 ([0-9a-f]{64})$/.exec(approved.out[0])?.[1];
    expect(printed).toBeDefined();
    expect(html).toContain(`<p class="digest">${printed}</p>`);
    expect(readJson(library).approvals[0].contentSha256).toBe(printed);
  });

  it("REQ-LC-031 REQ-LC-034: a version that does not increase is warned in the packet; lint errors exit 1 with the packet written", () => {
    const work = tempDir("review-lint");
    const library = cleanLibrary();
    delete library.entries[0].limits.dose.hardMax; // high-alert-no-hard-max: an error finding
    const next = join(work, "next.json");
    writeFileSync(next, JSON.stringify(library));
    const old = join(work, "old.json");
    writeFileSync(old, JSON.stringify(cleanLibrary()));
    const out = join(work, "packet.html");
    const result = cli(
      "review",
      old,
      next,
      "-o",
      out,
      "--orders",
      "hil/library/examples/general-hospital-orders.csv",
      "--firmware",
      firmware,
    );
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(/^warning: the new library has the same version as the old \(4, was 4\)/);
    const html = readFileSync(out, "utf8");
    expect(html).toContain(
      '<p class="warning"><strong>⚠ Warning:</strong> the new library has the same version as the old (4, was 4)',
    );
    expect(html).toContain('<tr class="error"><td>error</td>');
  });

  it("REQ-LC-031 REQ-LC-023: a library that does not compile writes nothing (exit 1); no -o or an -o over an input is a usage error (exit 2)", () => {
    const work = tempDir("review-bad");
    const broken = cleanLibrary();
    broken.entries[0].limits.dose.softMax = "50";
    const bad = join(work, "bad.json");
    writeFileSync(bad, JSON.stringify(broken));
    const out = join(work, "packet.html");
    const failed = cli("review", EXAMPLE_LIBRARY_PATH, bad, "-o", out, "--firmware", firmware);
    expect(failed.code).toBe(1);
    expect(failed.err.at(-1)).toBe(`${bad}: 1 error; fix them (library validate) before review; nothing written`);
    expect(existsSync(out)).toBe(false);
    expect(cli("review", EXAMPLE_LIBRARY_PATH, bad).code).toBe(2);
    expect(cli("review", EXAMPLE_LIBRARY_PATH, bad, "-o", bad).code).toBe(2);
    expect(cli("review", "--help").out.join("\n")).toContain(
      "npm run library -- review <old.json> <new.json> -o <packet.html>",
    );
  });
});
