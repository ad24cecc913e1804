// The library lifecycle (REQ-LC-016..020): draft → approved → released through `approve` and
// `release`, the committee rule, approvals bound to the content they approved, the signing gate,
// and the rewrite: atomic, only "status" and "approvals" change, and the compiled image differs
// from the draft's only in the status byte.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { ROLES } from "../../hil/library/tools/lifecycle/approvals.ts";
import { contentDigest } from "../../hil/library/tools/lifecycle/content-digest.ts";
import { signingRefusals } from "../../hil/library/tools/lifecycle/signable.ts";
import { approve, release } from "../../hil/library/tools/lifecycle/transitions.ts";
import { cleanLibrary, cli, EXAMPLE_LIBRARY_PATH, readJson, tempDir } from "./helpers.ts";

let dir: string;
let file: string;
const ORIGINAL = readFileSync(EXAMPLE_LIBRARY_PATH, "utf8");
beforeEach(() => {
  dir = tempDir("lifecycle");
  file = join(dir, "library.json");
  writeFileSync(file, ORIGINAL);
});

const approveAs = (...who: string[]) =>
  cli("approve", file, ...who.flatMap((w) => ["--approver", w]), "--date", "2025-03-14");
const committee = () => approveAs("Ana Lima:pharmacist", "Ben Okoro:nurse", "Chen Wu:physician");
const json = () => JSON.parse(readFileSync(file, "utf8"));
const digest = (lib: unknown): string => {
  const d = contentDigest(lib);
  if (!d.ok) throw new Error("does not compile");
  return d.sha256;
};

describe("REQ-LC-016 transitions", () => {
  it("REQ-LC-016: draft → approved → released, each step recorded in the file", () => {
    const approved = `${file}: approved content SHA-256 ${digest(readJson(EXAMPLE_LIBRARY_PATH))}`;
    expect(approveAs("Ana Lima:pharmacist")).toEqual({
      code: 0,
      out: [approved, `${file}: status stays draft: still needs approval by: nurse, physician`],
      err: [],
    });
    expect(json().status).toBe("draft");
    expect(approveAs("Ben Okoro:nurse", "Chen Wu:physician")).toEqual({
      code: 0,
      out: [approved, `${file}: the committee is complete: status approved`],
      err: [],
    });
    expect(json().status).toBe("approved");
    expect(cli("release", file)).toEqual({ code: 0, out: [`${file}: status released`], err: [] });
    expect(json().status).toBe("released");
  });

  const released = (): void => {
    committee();
    cli("release", file);
  };
  it.each([
    [
      "release a draft",
      () => {},
      () => cli("release", file),
      'a draft cannot be released; approve it first (library approve --approver "Name:role"; still needs approval by: pharmacist, nurse, physician)',
    ],
    [
      "release twice",
      released,
      () => cli("release", file),
      'the library is already released; to change it, start the next version: set "status" to "draft", increase "version" and remove "approvals"',
    ],
    [
      "approve a released library",
      released,
      () => approveAs("Dee Park:biomedical-engineer"),
      'the library is released and can no longer be approved; to change it, start the next version: set "status" to "draft", increase "version" and remove "approvals"',
    ],
  ])("REQ-LC-016: refused: %s (exit 1, file unchanged)", (_title, setup, act, reason) => {
    setup();
    const before = readFileSync(file, "utf8");
    expect(act()).toEqual({ code: 1, out: [], err: [`error: ${file}: ${reason}; nothing written`] });
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("REQ-LC-016: a library that does not compile cannot change status", () => {
    const lib = cleanLibrary();
    lib.entries[0].limits.dose.softMax = "50";
    writeFileSync(file, JSON.stringify(lib));
    const result = approveAs("Ana Lima:pharmacist");
    expect(result.code).toBe(1);
    expect(result.err.at(-1)).toBe("1 error; the library must compile before it can change status; nothing written");
  });
});

describe("REQ-LC-017 committee rule", () => {
  it("REQ-LC-017: approvers' names, roles, date and approved content are recorded", () => {
    committee();
    const d = digest(readJson(EXAMPLE_LIBRARY_PATH));
    expect(json().approvals).toEqual([
      { name: "Ana Lima", role: "pharmacist", date: "2025-03-14", contentSha256: d },
      { name: "Ben Okoro", role: "nurse", date: "2025-03-14", contentSha256: d },
      { name: "Chen Wu", role: "physician", date: "2025-03-14", contentSha256: d },
    ]);
  });

  it("REQ-LC-031: approve prints the content SHA-256 it records, the digest contentDigest computes", () => {
    const run = approveAs("Ana Lima:pharmacist");
    expect(run.code).toBe(0);
    const d = digest(readJson(EXAMPLE_LIBRARY_PATH));
    expect(run.out[0]).toBe(`${file}: approved content SHA-256 ${d}`);
    expect(json().approvals[0].contentSha256).toBe(d);
  });

  it("REQ-LC-017: the schema's approval roles are the roles approve accepts", () => {
    const schema = readJson("docs/schema/drug-library.schema.json");
    expect(schema.$defs.approval.properties.role.enum).toEqual([...ROLES]);
  });

  it("REQ-LC-017: a biomedical engineer does not replace the physician", () => {
    expect(approveAs("Ana Lima:pharmacist", "Ben Okoro:nurse", "Dee Park:biomedical-engineer").out).toEqual([
      `${file}: approved content SHA-256 ${digest(readJson(EXAMPLE_LIBRARY_PATH))}`,
      `${file}: status stays draft: still needs approval by: physician`,
    ]);
  });

  it("REQ-LC-017: one person approves once, in one role (names compared without case and spacing)", () => {
    approveAs("Ana Lima:pharmacist");
    expect(approveAs("ana  LIMA:nurse").err).toEqual([
      `error: ${file}: ana LIMA already approved this version as pharmacist; each person approves once, in one role; nothing written`,
    ]);
    expect(approveAs("Ben Okoro:nurse", "Ben Okoro:physician").code).toBe(1);
  });

  it.each([
    [
      ["--approver", "Ana Lima"],
      'error: --approver "Ana Lima": write "Name:role", e.g. --approver "Ana Lima:pharmacist"',
    ],
    [
      ["--approver", "Ana Lima:pharmacy"],
      'error: --approver "Ana Lima:pharmacy": unknown role "pharmacy"; roles: pharmacist, nurse, physician, biomedical-engineer',
    ],
    [
      ["--approver", "Ana Lima:nurse", "--date", "2025-02-30"],
      "error: --date 2025-02-30: write a calendar date as YYYY-MM-DD, e.g. --date 2025-03-14",
    ],
    [
      ["--approver", "Ana Lima:nurse", "--date", "2025-13-45"],
      "error: --date 2025-13-45: write a calendar date as YYYY-MM-DD, e.g. --date 2025-03-14",
    ],
    [
      [],
      'error: approve needs at least one --approver "Name:role"; usage: approve <library.json> --approver "Name:role"',
    ],
  ])("REQ-LC-017: usage error %j exits 2", (options, message) => {
    expect(cli("approve", file, ...options)).toEqual({ code: 2, out: [], err: [message] });
  });
});

describe("REQ-LC-018 approvals are bound to the approved content", () => {
  it("REQ-LC-018: an edit after an approval voids it: approve and release are refused", () => {
    approveAs("Ana Lima:pharmacist");
    const edited = json();
    edited.entries[0].limits.dose.hardMax = "45";
    writeFileSync(file, JSON.stringify(edited, null, 2));
    expect(approveAs("Ben Okoro:nurse").err[0]).toMatch(
      /^error: .*: Ana Lima \(pharmacist\) approved other content \(the library changed after their approval\)/,
    );
    writeFileSync(file, ORIGINAL);
    committee();
    const approved = json();
    approved.entries[0].advisory = "changed after approval";
    writeFileSync(file, JSON.stringify(approved, null, 2));
    expect(cli("release", file).err[0]).toMatch(
      /^error: .*: the approved library cannot be released: the approval of Ana Lima \(pharmacist\) on 2025-03-14 was for other content/,
    );
  });

  it("REQ-LC-018: the digest ignores status and approvals but covers name, version and limits", () => {
    const lib = readJson(EXAMPLE_LIBRARY_PATH);
    const base = digest(lib);
    expect(digest({ ...lib, status: "released", approvals: [] })).toBe(base);
    expect(digest({ ...lib, version: lib.version + 1 })).not.toBe(base);
    const tighter = structuredClone(lib);
    tighter.entries[0].limits.dose.hardMax = "39";
    expect(digest(tighter)).not.toBe(base);
  });

  it("REQ-LC-018: the transition functions refuse stale approvals directly", () => {
    const stale = {
      status: "approved" as const,
      approvals: [{ name: "A", role: "pharmacist" as const, date: "2025-01-01", contentSha256: "0".repeat(64) }],
    };
    expect(approve(stale, [{ name: "B", role: "nurse" }], "2025-01-02", "1".repeat(64)).ok).toBe(false);
    expect(release(stale, "1".repeat(64)).ok).toBe(false);
  });
});

describe("REQ-LC-019 only a released library can be signed", () => {
  it("REQ-LC-019: draft and approved libraries are refused; a released one with valid approvals is signable", () => {
    expect(signingRefusals(json())).toEqual([
      "only a released library can be signed; this one is draft (library approve, then library release)",
    ]);
    committee();
    expect(signingRefusals(json())).toEqual([
      "only a released library can be signed; this one is approved (library approve, then library release)",
    ]);
    cli("release", file);
    expect(signingRefusals(json())).toEqual([]);
  });

  it("REQ-LC-019: a file marked released by hand, without approvals, is refused", () => {
    expect(signingRefusals(readJson("tests/fixtures/tiny-library.json"))).toEqual([
      "no approval yet by: pharmacist, nurse, physician (the committee needs a pharmacist, a nurse and a physician)",
    ]);
  });
});

describe("REQ-LC-020 rewriting the file", () => {
  it("REQ-LC-020: only the status line changes and the approvals follow it; nothing else moves", () => {
    committee();
    cli("release", file);
    const after = readFileSync(file, "utf8");
    const approvalsText = after.slice(
      after.indexOf('  "approvals"'),
      after.indexOf("  ],\n", after.indexOf('  "approvals"')) + 5,
    );
    expect(after.replace(approvalsText, "").replace('"status": "released"', '"status": "draft"')).toBe(ORIGINAL);
    expect(approvalsText.trimEnd().split("\n")).toHaveLength(5);
    expect(readdirSync(dir)).toEqual(["library.json"]); // no temporary file left
  });

  it("REQ-LC-020: approvals do not change the image; releasing changes only the status byte", () => {
    const draft = compileLibrary(readJson(EXAMPLE_LIBRARY_PATH));
    committee();
    const approvedDraft = compileLibrary({ ...json(), status: "draft" });
    cli("release", file);
    const released = compileLibrary(json());
    if (!draft.ok || !approvedDraft.ok || !released.ok) throw new Error("does not compile");
    expect(Buffer.from(approvedDraft.image).equals(Buffer.from(draft.image))).toBe(true);
    const differing = [...released.image].flatMap((byte, i) => (byte === draft.image[i] ? [] : [i]));
    expect(differing).toEqual([12]); // libraryStatus (docs/library-image.md §1)
    expect(released.image[12]).toBe(2);
  });

  it("REQ-LC-020: a file with CRLF line ends keeps CRLF everywhere", () => {
    writeFileSync(file, ORIGINAL.replace(/\n/g, "\r\n"));
    committee();
    const text = readFileSync(file, "utf8");
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(JSON.parse(text).approvals).toHaveLength(3);
  });

  it("REQ-LC-020: a one-line file is rewritten on one line", () => {
    writeFileSync(file, JSON.stringify(cleanLibrary()));
    committee();
    const text = readFileSync(file, "utf8");
    expect(text.split("\n")).toHaveLength(1);
    expect(JSON.parse(text)).toMatchObject({ ...cleanLibrary(), status: "approved" });
  });
});
