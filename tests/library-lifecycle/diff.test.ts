// Library diff for committee review (REQ-LC-012, REQ-LC-013): added, removed and changed items,
// each field old → new, every tier direction (raising a max loosens, raising a min tightens,
// adding a limit tightens, removing one loosens), exact comparison across units, and output that
// depends only on the two libraries.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffLibraries, type FieldChange } from "../../hil/library/tools/diff/compare.ts";
import { diffHtml } from "../../hil/library/tools/diff/html.ts";
import { diffMarkdown } from "../../hil/library/tools/diff/markdown.ts";
import { cleanLibrary, cli, tempDir, type Json } from "./helpers.ts";

/** The field changes of entry `id` after `mutate`. */
function entryChanges(id: number, mutate: (lib: Json) => void): FieldChange[] {
  const after = cleanLibrary();
  mutate(after);
  return diffLibraries(cleanLibrary(), after).entries.find((e) => e.id === id)?.fields ?? [];
}

describe("REQ-LC-012 diff: what changed, loosened or tightened", () => {
  it("REQ-LC-012: identical libraries have no changes", () => {
    const diff = diffLibraries(cleanLibrary(), cleanLibrary());
    expect(diff).toMatchObject({
      library: [],
      careAreas: [],
      entries: [],
      counts: { added: 0, removed: 0, changed: 0, loosened: 0, tightened: 0 },
    });
  });

  it.each([
    [
      "raising a max loosens",
      10,
      (l: Json) => {
        l.entries[0].limits.dose.hardMax = "45";
      },
      { field: "limits.dose.hardMax", old: "40 units/kg/h", new: "45 units/kg/h", direction: "loosened" },
    ],
    [
      "lowering a max tightens",
      10,
      (l: Json) => {
        l.entries[0].limits.dose.softMax = "20";
      },
      { field: "limits.dose.softMax", old: "25 units/kg/h", new: "20 units/kg/h", direction: "tightened" },
    ],
    [
      "raising a min tightens",
      10,
      (l: Json) => {
        l.entries[0].limits.dose.softMin = "6";
      },
      { field: "limits.dose.softMin", old: "5 units/kg/h", new: "6 units/kg/h", direction: "tightened" },
    ],
    [
      "lowering a min loosens",
      30,
      (l: Json) => {
        l.entries[3].limits.duration.hardMin = "30";
      },
      { field: "limits.duration.hardMin", old: "60 min", new: "30 min", direction: "loosened" },
    ],
    [
      "adding a limit tightens",
      10,
      (l: Json) => {
        l.entries[0].limits.dose.hardMin = "1";
      },
      { field: "limits.dose.hardMin", old: null, new: "1 units/kg/h", direction: "tightened" },
    ],
    [
      "removing a limit loosens",
      10,
      (l: Json) => {
        delete l.entries[0].limits.doseAbsolute;
      },
      { field: "limits.doseAbsolute.hardMax", old: "2500 units/h", new: null, direction: "loosened" },
    ],
    [
      "custom concentration limits have directions too",
      20,
      (l: Json) => {
        l.entries[2].concentrations[1].limits.hardMin = "300";
      },
      { field: "concentrations[1].limits.hardMin", old: "400 mcg/mL", new: "300 mcg/mL", direction: "loosened" },
    ],
    [
      "the same value in another unit is neutral",
      20,
      (l: Json) => {
        l.entries[2].limits.doseAbsolute = { unit: "mcg/h", hardMax: "300000" };
      },
      { field: "limits.doseAbsolute.hardMax", old: "300 mg/h", new: "300000 mcg/h", direction: "neutral" },
    ],
    [
      "a plain field is neutral",
      10,
      (l: Json) => {
        l.entries[0].displayName = "HEParin";
      },
      { field: "displayName", old: "Heparin", new: "HEParin", direction: "neutral" },
    ],
    [
      "offering an entry in another care area is neutral",
      10,
      (l: Json) => {
        l.entries[0].careAreas = ["PEDS", "ICU"];
      },
      { field: "careAreas", old: "ICU", new: "ICU, PEDS", direction: "neutral" },
    ],
  ])("REQ-LC-012: %s", (_title, id, mutate, change) => {
    expect(entryChanges(id, mutate)).toEqual([change]);
  });

  it("REQ-LC-012: limits in another unit compare exactly (0.6667 units/kg/min = 40.002 units/kg/h)", () => {
    const changes = entryChanges(10, (l) => {
      l.entries[0].limits.dose = { unit: "units/kg/min", softMin: "0.0833", softMax: "0.4166", hardMax: "0.6667" };
    });
    expect(changes.map((c) => [c.field, c.direction])).toEqual([
      ["limits.dose.softMin", "loosened"], // 4.998 < 5 units/kg/h
      ["limits.dose.softMax", "tightened"], // 24.996 < 25
      ["limits.dose.hardMax", "loosened"], // 40.002 > 40
    ]);
  });

  it("REQ-LC-012: care areas: a raised rate cap and allowing basic infusion loosen", () => {
    const after = cleanLibrary();
    after.careAreas[0].maxRate.value = "1200";
    after.careAreas[0].basicInfusionAllowed = true;
    after.careAreas[1].weight.hardMax = "120";
    expect(diffLibraries(cleanLibrary(), after).careAreas).toEqual([
      {
        id: 0,
        label: "care area 0 ICU",
        change: "changed",
        fields: [
          { field: "basicInfusionAllowed", old: "no", new: "yes", direction: "loosened" },
          { field: "maxRate", old: "999 mL/h", new: "1200 mL/h", direction: "loosened" },
        ],
      },
      {
        id: 1,
        label: "care area 1 PEDS",
        change: "changed",
        fields: [{ field: "weight.hardMax", old: "150 kg", new: "120 kg", direction: "tightened" }],
      },
    ]);
  });

  it("REQ-LC-012: entries added and removed are listed whole, by ascending id, and counted", () => {
    const after = cleanLibrary();
    const removed = after.entries.splice(3, 1)[0];
    after.entries.unshift({ ...removed, id: 35, displayName: "Vancomycin (new)" });
    after.entries[1].careAreas = ["PEDS", "ICU"];
    after.version = 5;
    const diff = diffLibraries(cleanLibrary(), after);
    expect(diff.library).toEqual([{ field: "version", old: "4", new: "5", direction: "neutral" }]);
    expect(diff.entries.map((e) => [e.id, e.change])).toEqual([
      [10, "changed"],
      [30, "removed"],
      [35, "added"],
    ]);
    expect(diff.entries[1].fields[0]).toEqual({ field: "drug", old: "vancomycin", new: null, direction: "neutral" });
    expect(diff.entries[2].fields).toContainEqual({
      field: "limits.duration.hardMin",
      old: null,
      new: "60 min",
      direction: "neutral",
    });
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1, loosened: 0, tightened: 0 });
  });
});

describe("REQ-LC-013 diff output: Markdown, HTML, JSON, deterministic", () => {
  const after = (): Json => {
    const lib = cleanLibrary();
    lib.version = 5;
    lib.entries[0].limits.dose.hardMax = "45";
    lib.entries[3].advisory = "Infuse over <b>60</b> min | at least";
    return lib;
  };

  it("REQ-LC-013: the order of items in the files does not change a byte of the report", () => {
    const shuffled = after();
    shuffled.entries.reverse();
    shuffled.careAreas.reverse();
    expect(diffMarkdown(diffLibraries(cleanLibrary(), shuffled))).toBe(
      diffMarkdown(diffLibraries(cleanLibrary(), after())),
    );
    expect(diffHtml(diffLibraries(cleanLibrary(), shuffled))).toBe(diffHtml(diffLibraries(cleanLibrary(), after())));
  });

  it("REQ-LC-013: Markdown has a summary and one table row per change, with | escaped", () => {
    const md = diffMarkdown(diffLibraries(cleanLibrary(), after()));
    expect(md).toContain("| limits.dose.hardMax | 40 units/kg/h | 45 units/kg/h | ▲ loosened |");
    expect(md).toContain("| advisory | Infuse over at least 60 min. | Infuse over <b>60</b> min \\| at least |  |");
    expect(md).toContain("Limits: 1 loosened (▲), 0 tightened (▼).");
    expect(md).toContain("| entries | 0 | 0 | 2 |");
  });

  it("REQ-LC-013: HTML escapes text and marks loosened rows", () => {
    const html = diffHtml(diffLibraries(cleanLibrary(), after()));
    expect(html).toContain(
      '<tr class="loosened"><td>limits.dose.hardMax</td><td>40 units/kg/h</td><td>45 units/kg/h</td><td>▲ loosened</td></tr>',
    );
    expect(html).toContain("Infuse over &lt;b&gt;60&lt;/b&gt; min | at least");
    expect(html).not.toContain("<b>60</b>");
  });

  it("REQ-LC-013: the CLI writes each format; JSON is the diff itself; exit 1 when a library does not compile", () => {
    const dir = tempDir("diff");
    const oldPath = join(dir, "old.json");
    const newPath = join(dir, "new.json");
    writeFileSync(oldPath, JSON.stringify(cleanLibrary()));
    writeFileSync(newPath, JSON.stringify(after()));
    const output = join(dir, "diff.json");
    expect(cli("diff", oldPath, newPath, "--format", "json", "-o", output)).toEqual({
      code: 0,
      out: [`0 items added, 0 removed, 2 changed; 1 loosened, 0 tightened → ${output}`],
      err: [],
    });
    expect(JSON.parse(readFileSync(output, "utf8"))).toEqual(diffLibraries(cleanLibrary(), after()));
    const md = cli("diff", oldPath, newPath);
    expect(md.out.join("\n")).toBe(diffMarkdown(diffLibraries(cleanLibrary(), after())).trimEnd());
    expect(cli("diff", oldPath, newPath, "--format", "html").out[0]).toBe("<!DOCTYPE html>");
    const broken = after();
    broken.entries[0].limits.dose.softMax = "50";
    writeFileSync(newPath, JSON.stringify(broken));
    const failed = cli("diff", oldPath, newPath);
    expect(failed.code).toBe(1);
    expect(failed.err[0]).toBe(
      `${newPath}: /entries/0/limits/dose/hardMax: hardMax 45 units/kg/h is below softMax 50 units/kg/h; present tiers must satisfy hardMin ≤ softMin ≤ softMax ≤ hardMax [tier-order]`,
    );
    expect(cli("diff", oldPath).code).toBe(2);
  });
});

describe("REQ-LC-034 diff warns when the version does not increase", () => {
  it.each([
    [4, "the same version as the old (4, was 4)"],
    [3, "a lower version than the old (3, was 4)"],
  ])("REQ-LC-034: new version %i → a warning on stderr and in every format; exit 0", (version, text) => {
    const dir = tempDir("diff-version");
    const oldPath = join(dir, "old.json");
    const newPath = join(dir, "new.json");
    const next = cleanLibrary();
    next.version = version;
    next.entries[0].limits.dose.hardMax = "45";
    writeFileSync(oldPath, JSON.stringify(cleanLibrary()));
    writeFileSync(newPath, JSON.stringify(next));
    const warning = `the new library has ${text}; a pump refuses a library whose version is not higher than the one in force: raise "version" above 4`;
    const md = cli("diff", oldPath, newPath);
    expect(md.code).toBe(0);
    expect(md.err).toEqual([`warning: ${warning}`]);
    expect(md.out).toContain(`**⚠ Warning:** ${warning}`);
    expect(JSON.parse(cli("diff", oldPath, newPath, "--format", "json").out.join("\n")).warnings).toEqual([warning]);
    expect(cli("diff", oldPath, newPath, "--format", "html").out.join("\n")).toContain(
      `<p class="warning"><strong>⚠ Warning:</strong> ${warning.replace(/"/g, "&quot;")}</p>`,
    );
  });

  it("REQ-LC-034: a higher version gives no warning", () => {
    const next = cleanLibrary();
    next.version = 5;
    expect(diffLibraries(cleanLibrary(), next).warnings).toEqual([]);
    expect(diffMarkdown(diffLibraries(cleanLibrary(), next))).not.toContain("Warning");
  });
});

describe("REQ-GW-013 diff: external codes (issue 13)", () => {
  it("REQ-GW-013: a code added to an entry or a concentration is a change the reviewer sees", () => {
    expect(
      entryChanges(10, (l: Json) => {
        l.entries[0].codes = ["RXN:5224"];
        l.entries[0].concentrations[0].codes = ["NDC:1"];
      }),
    ).toEqual([
      expect.objectContaining({ field: "concentrations[0].codes", old: null, new: "NDC:1", direction: "neutral" }),
      expect.objectContaining({ field: "codes", old: null, new: "RXN:5224", direction: "neutral" }),
    ]);
  });
});
