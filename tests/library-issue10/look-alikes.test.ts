// Issue 10 §7 item 2 (REQ-LC-028, REQ-LC-029): look-alike names are a lint error, compared by
// their UTS #39 confusable skeleton after case folding; duplicate entries hidden by a look-alike
// name are still caught by overlapping-weight-bands; diff marks look-alike and invisible changes
// in every output form.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nameKey, skeleton } from "../../hil/library/compiler/skeleton.ts";
import { diffLibraries } from "../../hil/library/tools/diff/compare.ts";
import { lintLibrary } from "../../hil/library/tools/lint/lint.ts";
import { cleanLibrary, cli, tempDir } from "../library-lifecycle/helpers.ts";

const findings = (library: unknown, rule: string) => lintLibrary(library).findings.filter((f) => f.rule === rule);

describe("issue 10 §7: the confusable skeleton carries Unicode's data (REQ-LC-028)", () => {
  it("issue 10 §7: Cyrillic, Greek, rn/m, case and zero-width differences share a key; different drugs do not", () => {
    expect(skeleton("fenta\u039DYL")).toBe("fentaNYL"); // Greek capital nu
    expect(nameKey("hep\u0430rin")).toBe(nameKey("Heparin")); // Cyrillic a
    expect(nameKey("HYDROmorphone")).toBe(nameKey("hydromorphone"));
    expect(nameKey("Hep\u200barin")).toBe(nameKey("heparin"));
    expect(nameKey("DOPamine")).not.toBe(nameKey("DOBUTamine"));
    expect(nameKey("epinephrine")).not.toBe(nameKey("norepinephrine"));
  });
});

describe("issue 10 §7: lint reports look-alike names as errors (REQ-LC-028)", () => {
  it("issue 10 §7: HYDROmorphone and hydromorphone as display names of two different drugs are an error", () => {
    const lib = cleanLibrary();
    lib.entries[2].displayName = "HYDROmorphone"; // dopamine
    lib.entries[3].displayName = "hydromorphone"; // vancomycin
    const found = findings(lib, "confusable-names");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "error", path: "/entries/3/displayName" });
  });

  it("issue 10 §7: identical display names on different drugs are an error", () => {
    const lib = cleanLibrary();
    lib.entries[3].displayName = lib.entries[2].displayName; // vancomycin shown as DOPamine
    expect(findings(lib, "confusable-names").map((f) => f.path)).toEqual(["/entries/3/displayName"]);
  });

  it("issue 10 §7: a Cyrillic letter in a generic name is an error naming the code point", () => {
    const lib = cleanLibrary();
    const other = structuredClone(lib.entries[0]);
    other.id = 999;
    other.drug = lib.entries[0].drug.replace("a", "\u0430");
    other.displayName = `${lib.entries[0].displayName} (2)`;
    lib.entries.push(other);
    const found = findings(lib, "confusable-names");
    expect(found.map((f) => f.path)).toContain(`/entries/${lib.entries.length - 1}/drug`);
    expect(found.find((f) => f.path.endsWith("/drug"))!.message).toContain("U+0430 'а'");
  });

  it("issue 10 §7: a duplicate weight-based entry whose drug name hides a Cyrillic letter is still an overlapping-weight-bands error", () => {
    const lib = cleanLibrary();
    const index = lib.entries.findIndex((e: { doseBasis: string }) => e.doseBasis === "weight");
    const twin = structuredClone(lib.entries[index]);
    twin.id = 998;
    twin.drug = twin.drug.replace(/[aeo]/, (c: string) => ({ a: "\u0430", e: "\u0435", o: "\u043e" })[c]!);
    twin.displayName = `${twin.displayName} B`;
    lib.entries.push(twin);
    expect(findings(lib, "overlapping-weight-bands").map((f) => f.path)).toContain(
      `/entries/${lib.entries.length - 1}/careAreas/0`,
    );
  });

  it("issue 10 §7: the same display name for entries of one drug, and case-only spelling of one generic name, stay allowed", () => {
    const lib = cleanLibrary();
    lib.entries[1].displayName = "Heparin"; // adult and pediatric heparin may share a display name
    lib.entries[1].drug = "Heparin";
    expect(findings(lib, "confusable-names")).toEqual([]);
  });
});

describe("issue 10 §7: diff marks look-alike and invisible changes (REQ-LC-029)", () => {
  it("issue 10 §7: fentaNYL → fentaΝYL is flagged in the JSON, Markdown and HTML outputs", () => {
    const dir = tempDir("issue10-diff");
    const before = cleanLibrary();
    before.entries[0].displayName = "fentaNYL";
    const after = structuredClone(before);
    after.entries[0].displayName = "fenta\u039DYL";
    const diff = diffLibraries(before, after);
    expect(diff.entries[0].fields).toEqual([
      {
        field: "displayName",
        old: "fentaNYL",
        new: "fenta\u039DYL",
        direction: "neutral",
        warning: "looks like the old text: U+039D 'Ν'",
      },
    ]);
    const oldFile = join(dir, "old.json");
    const newFile = join(dir, "new.json");
    writeFileSync(oldFile, JSON.stringify(before));
    writeFileSync(newFile, JSON.stringify(after));
    expect(cli("diff", oldFile, newFile).out.join("\n")).toContain(
      "| displayName | fentaNYL | fentaΝYL | ⚠ looks like the old text: U+039D 'Ν' |",
    );
    const html = cli("diff", oldFile, newFile, "--format", "html").out.join("\n");
    expect(html).toContain('class="neutral look-alike"');
    expect(html).toContain("⚠ looks like the old text: U+039D");
    expect(
      JSON.parse(cli("diff", oldFile, newFile, "--format", "json").out.join("\n")).entries[0].fields[0].warning,
    ).toBe("looks like the old text: U+039D 'Ν'");
  });

  it("issue 10 §7: an invisible character in a changed note is flagged and shown as \\uXXXX in Markdown", () => {
    const before = cleanLibrary();
    const after = structuredClone(before);
    after.entries[0].displayName = `${before.entries[0].displayName}\u200b`;
    const field = diffLibraries(before, after).entries[0].fields[0];
    expect(field.warning).toBe(
      `invisible or control character U+200B at character ${[...after.entries[0].displayName].length}`,
    );
  });
});
