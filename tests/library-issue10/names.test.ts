// Issue 10 §7 item 1 (REQ-LIB-017, REQ-LIB-018): every name the tools accept is one every pump
// accepts and a person can read: no NUL or other control, no bidi override, no zero-width or other
// invisible character, no look-alike space, not blank. Terminal output never carries raw
// control characters from library text.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../hil/library/cli.ts";
import { terminalSafe } from "../../hil/library/compiler/terminal-text.ts";
import { errorsOf, validLibrary } from "../library/helpers.ts";
import { tempDir } from "../library-lifecycle/helpers.ts";

const ruleAt = (json: unknown, path: string): string[] =>
  errorsOf(json)
    .filter((e) => e.path === path)
    .map((e) => e.rule);

describe("issue 10 §7: names are text every pump accepts and a person can read (REQ-LIB-017)", () => {
  it("issue 10 §7: a NUL in a library name is refused", () => {
    const library = validLibrary();
    library.name = "Ward\u0000A";
    expect(ruleAt(library, "/name")).toEqual(["text-character"]);
    expect(errorsOf(library)[0].message).toContain("U+0000 at character 5");
  });

  it("issue 10 §7: validate, compile and approve exit 1 on a NUL in a library name, nothing written", () => {
    const dir = tempDir("issue10-nul-");
    const library = validLibrary();
    library.name = "Ward\u0000A";
    const file = join(dir, "lib.json");
    writeFileSync(file, JSON.stringify(library));
    const sink = { out: () => undefined, err: () => undefined };
    expect(main(["validate", file], sink)).toBe(1);
    expect(main(["compile", file, "-o", join(dir, "x.bin")], sink)).toBe(1);
    expect(main(["approve", file, "--approver", "Ana Lima:pharmacist", "--date", "2026-01-02"], sink)).toBe(1);
  });

  const FORBIDDEN: [string, string][] = [
    ["an ESC sequence", "\u001b[31mRed"],
    ["a C1 control (CSI)", "A\u009bB"],
    ["a bidi override", "Heparin \u202enitsop"],
    ["a bidi isolate", "Hep\u2066arin"],
    ["a zero-width space", "Hep\u200barin"],
    ["a zero-width joiner", "Hep\u200darin"],
    ["a soft hyphen", "Hep\u00adarin"],
    ["a byte-order mark", "\ufeffHeparin"],
    ["a no-break space", "Heparin\u00a010"],
    ["a tab", "Heparin\t10"],
    ["a line separator", "Heparin\u2028"],
    ["a private-use character", "Heparin\ue000"],
    ["a Hangul filler (invisible)", "Hep\u3164arin"],
  ];
  const FIELDS: [string, (library: ReturnType<typeof validLibrary>, text: string) => void][] = [
    ["/name", (l, t) => (l.name = t.slice(0, 12))],
    ["/careAreas/0/name", (l, t) => (l.careAreas[0].name = t)],
    ["/entries/0/drug", (l, t) => (l.entries[0].drug = t)],
    ["/entries/0/displayName", (l, t) => (l.entries[0].displayName = t)],
    ["/entries/0/advisory", (l, t) => (l.entries[0].advisory = t)],
  ];
  for (const [label, text] of FORBIDDEN) {
    it(`issue 10 §7: ${label} is refused in every name field, with its JSON path`, () => {
      for (const [path, set] of FIELDS) {
        const library = validLibrary();
        set(library, text);
        expect(ruleAt(library, path), path).toEqual(["text-character"]);
      }
    });
  }

  it("issue 10 §7: a control character in an approver name in the file is refused", () => {
    const library = validLibrary();
    library.approvals = [
      { name: "Ana\u001b[2JLima", role: "pharmacist", date: "2026-01-02", contentSha256: "0".repeat(64) },
    ];
    expect(ruleAt(library, "/approvals/0/name")).toEqual(["text-character"]);
  });

  it("issue 10 §7: a blank name is refused in every name field", () => {
    for (const [path, set] of FIELDS.filter(([p]) => !p.endsWith("advisory"))) {
      const library = validLibrary();
      set(library, "   ");
      expect(ruleAt(library, path), path).toEqual(["text-blank"]);
    }
  });

  it("issue 10 §7: accented, Greek, CJK and emoji names stay valid", () => {
    const library = validLibrary();
    library.entries[0].displayName = "Noradrénaline β 去甲 💉";
    library.careAreas[0].name = "Unité de soins";
    expect(errorsOf(library)).toEqual([]);
  });

  it("issue 10 §7: --approver with an ESC or a zero-width character is a usage error", () => {
    const dir = tempDir("issue10-approver-");
    const file = join(dir, "lib.json");
    writeFileSync(file, JSON.stringify(validLibrary()));
    const err: string[] = [];
    const sink = { out: () => undefined, err: (l: string) => err.push(l) };
    expect(main(["approve", file, "--approver", "Ana\u001b[8mLima:pharmacist", "--date", "2026-01-02"], sink)).toBe(2);
    expect(main(["approve", file, "--approver", "Ana\u200bLima:pharmacist", "--date", "2026-01-02"], sink)).toBe(2);
    expect(err.join("\n")).toContain("U+200B");
  });
});

describe("issue 10 §7: terminal output never echoes raw control characters from library text (REQ-LIB-018)", () => {
  it("issue 10 §7: terminalSafe escapes ESC, C1, bidi and zero-width characters and keeps newlines", () => {
    expect(terminalSafe("a\u001b[31mb\u009bc\u202ed\u200be\nf\tg")).toBe("a\\u001B[31mb\\u009Bc\\u202Ed\\u200Be\nf\tg");
    expect(JSON.parse(`"${terminalSafe("x\u202ey")}"`)).toBe("x\u202ey"); // inside a JSON string: the same value
  });

  it("issue 10 §7: validate on a library with an ESC sequence in a name prints no raw ESC (real process)", () => {
    const dir = tempDir("issue10-esc-");
    const library = validLibrary();
    library.entries[0].displayName = "\u001b]0;pwned\u0007\u001b[2J";
    library.entries[0].advisory = "A\u009b31m";
    library.careAreas[0].code = "IC\u009b2JU"; // JSON.stringify in the message keeps a C1 control raw
    const file = join(dir, "lib.json");
    writeFileSync(file, JSON.stringify(library));
    const result = spawnSync(process.execPath, ["--import", "tsx", "hil/library/cli.ts", "validate", file], {
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("/entries/0/displayName");
    expect(result.stderr).toContain("IC\\u009B2JU");
    expect(result.stdout + result.stderr).not.toMatch(
      /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/,
    );
  });
});
