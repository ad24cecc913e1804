// Look-alike names (REQ-LC-028): names a reader cannot tell apart at a pump or in a review,
// compared by their UTS #39 confusable skeleton after case folding (compiler/skeleton.ts).
import type { AuthorLibrary } from "../../compiler/authoring.ts";
import { pointer } from "../../compiler/errors.ts";
import { nameKey, unusualCharacters } from "../../compiler/skeleton.ts";
import { entryLabel } from "./blocks.ts";
import type { RawFinding } from "./lint-rules.ts";

/** Case and spacing ignored: what the tools already treat as the same name. */
function plain(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

function differs(later: string, earlier: string): string {
  const unusual = unusualCharacters(later);
  return unusual === ""
    ? `"${later}" and "${earlier}" differ only in letters that look alike`
    : `"${later}" contains ${unusual}`;
}

interface Named {
  path: string;
  label: string;
  text: string;
  /** Names in the same group may repeat (entries of one drug may share a display name). */
  group: string;
}

function lookAlikes(names: Named[], what: string): RawFinding[] {
  const findings: RawFinding[] = [];
  const seen = new Map<string, Named[]>();
  for (const name of names) {
    const key = nameKey(name.text);
    const earlier = seen.get(key) ?? [];
    // Same text up to case/spacing in the same group is the same name; anything else that looks the same is a trap.
    const twin = earlier.find((other) => !(other.group === name.group && plain(other.text) === plain(name.text)));
    if (twin !== undefined) {
      const same = plain(twin.text) === plain(name.text);
      findings.push({
        rule: "confusable-names",
        path: name.path,
        message: same
          ? `${name.label}: ${what} "${name.text}" is the same as that of ${twin.label}, which is another ${what === "display name" ? "drug" : "item"}; give each a distinct name`
          : `${name.label}: ${what} "${name.text}" looks like "${twin.text}" of ${twin.label} (${differs(name.text, twin.text)}); use one spelling, in plain letters`,
      });
    }
    earlier.push(name);
    seen.set(key, earlier);
  }
  return findings;
}

export function confusableNames(library: AuthorLibrary): RawFinding[] {
  const entryPath = (i: number): string => pointer("/entries", i);
  return [
    ...lookAlikes(
      library.entries.map((e, i) => ({
        path: pointer(entryPath(i), "drug"),
        label: entryLabel(e),
        text: e.drug,
        group: "",
      })),
      "generic name",
    ),
    // A display name may repeat within one drug, never across drugs.
    ...lookAlikes(
      library.entries.map((e, i) => ({
        path: pointer(entryPath(i), "displayName"),
        label: entryLabel(e),
        text: e.displayName,
        group: nameKey(e.drug),
      })),
      "display name",
    ),
    ...lookAlikes(
      library.careAreas.map((a, i) => ({
        path: pointer(pointer("/careAreas", i), "name"),
        label: `care area ${a.code}`,
        text: a.name,
        group: "",
      })),
      "care-area name",
    ),
  ];
}
