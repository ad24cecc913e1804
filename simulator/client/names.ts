// Human names of the numeric codes, kept on the host side only (STYLE: status codes in firmware,
// text on the host). Built from the enums themselves, so no name list can drift.
import { Mode, Param, Status, Verdict } from "../../firmware/abi/codes.ts";
import { Command, ErrorDetail, FrameType, Result } from "../../firmware/abi/protocol-codes.ts";

function namesOf(enumObject: Record<string, string | number>): Map<number, string> {
  return new Map(Object.entries(enumObject).filter(([, v]) => typeof v === "number").map(([k, v]) => [v as number, k]));
}

const lookup = (names: Map<number, string>) => (code: number): string => names.get(code) ?? `?${code}`;

export const commandName = lookup(namesOf(Command));
export const resultName = lookup(namesOf(Result));
export const detailName = lookup(namesOf(ErrorDetail));
export const frameTypeName = lookup(namesOf(FrameType));
export const statusName = lookup(namesOf(Status));
export const verdictName = lookup(namesOf(Verdict));
export const paramName = lookup(namesOf(Param));
export const modeName = lookup(namesOf(Mode));
/** Short tier names as clinicians and docs/engine.md write them. */
export const tierName = lookup(new Map([[0, "NONE"], [1, "HMIN"], [2, "SMIN"], [3, "SMAX"], [4, "HMAX"]]));
