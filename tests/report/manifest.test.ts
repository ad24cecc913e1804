// SHA256SUMS (REQ-RPT-008): sha256sum format, sorted, matching the files' real digests.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sha256Manifest } from "../../hil/report/manifest.ts";
import { writeReports } from "../../hil/report/write-reports.ts";
import { runResult } from "./fixture.ts";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("REQ-RPT-008 SHA-256 manifest", () => {
  it("lists `<hex>  <name>` lines sorted by name", () => {
    const text = sha256Manifest([
      { name: "b.txt", bytes: Buffer.from("b") },
      { name: "a.txt", bytes: Buffer.from("") },
    ]);
    expect(text).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.txt\n" +
        "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  b.txt\n",
    );
  });

  it("refuses names sha256sum would have to escape, and duplicates", () => {
    expect(() => sha256Manifest([{ name: "a\nb", bytes: new Uint8Array() }])).toThrow("line break");
    expect(() =>
      sha256Manifest([
        { name: "a", bytes: new Uint8Array() },
        { name: "a", bytes: new Uint8Array() },
      ]),
    ).toThrow("twice");
  });

  it("matches the real SHA-256 of every written report file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hil-report-"));
    dirs.push(dir);
    const paths = await writeReports(runResult(), dir);
    const manifest = await readFile(join(dir, "SHA256SUMS"), "utf8");
    const expected = await Promise.all(
      paths
        .filter((p) => basename(p) !== "SHA256SUMS")
        .map(
          async (p) =>
            `${createHash("sha256")
              .update(await readFile(p))
              .digest("hex")}  ${basename(p)}`,
        ),
    );
    expect(manifest).toBe(`${expected.sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1)).join("\n")}\n`);
    expect(
      manifest
        .split("\n")
        .filter(Boolean)
        .map((l) => l.slice(66)),
    ).toEqual(["junit.xml", "report.html", "report.json"]);
  });
});
