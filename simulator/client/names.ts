// Human names of the numeric codes, kept on the host side only (STYLE: status codes in firmware,
// text on the host). Built from the enums themselves, so no name list can drift.
import { Mode, Param, Status, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { Command, ErrorDetail, FrameType, Result } from "../../firmware/abi/protocol-codes.ts";

function namesOf(enumObject: Record<string, string | number>): Map<number, string> {
  return new Map(
    Object.entries(enumObject)
      .filter(([, v]) => typeof v === "number")
      .map(([k, v]) => [v as number, k]),
  );
}

const lookup =
  (names: Map<number, string>) =>
  (code: number): string =>
    names.get(code) ?? `?${code}`;

export const commandName = lookup(namesOf(Command));
export const resultName = lookup(namesOf(Result));
export const detailName = lookup(namesOf(ErrorDetail));
export const frameTypeName = lookup(namesOf(FrameType));
export const statusName = lookup(namesOf(Status));
export const verdictName = lookup(namesOf(Verdict));
export const paramName = lookup(namesOf(Param));
export const modeName = lookup(namesOf(Mode));
/** Short tier names as clinicians and docs/engine.md write them: the one table (scenario files use it too). */
export const TIER_SHORT_NAMES: ReadonlyMap<number, string> = new Map([
  [Tier.NONE, "NONE"],
  [Tier.HARD_MIN, "HMIN"],
  [Tier.SOFT_MIN, "SMIN"],
  [Tier.SOFT_MAX, "SMAX"],
  [Tier.HARD_MAX, "HMAX"],
]);
export const tierName = lookup(TIER_SHORT_NAMES as Map<number, string>);
