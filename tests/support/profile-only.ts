// The one sanctioned way to leave a test out by memory profile (REQ-PORT-017, docs/testing notes in
// docs/decisions/0041): a test that only some profiles can run — say, a library larger than the mcu
// profile's slot — is declared with profileOnly([profiles], reason).it(…) instead of `.skip`. On
// those profiles it runs; on another, vitest reports it skipped and its title names the profiles
// and the reason. Prefer a test that asserts the other profile's right answer (the refusal) instead.
import { describe, it } from "vitest";
import { memoryProfileName, type MemoryProfile } from "../../firmware/abi/memory-profiles.ts";
import { PROFILE } from "./profile.ts";

export interface ProfileOnly {
  /** Whether the suite's profile is one of them. */
  runs: boolean;
  /** The title suffix: " [standard profile only: <reason>]". */
  note: string;
  it(title: string, body: () => unknown, timeoutMs?: number): void;
  describe(title: string, body: () => void): void;
}

export function profileOnly(profiles: readonly MemoryProfile[], reason: string, suiteProfile = PROFILE): ProfileOnly {
  if (profiles.length === 0 || reason.trim() === "") throw new Error("profileOnly needs profiles and a reason");
  const runs = profiles.includes(suiteProfile);
  const note = ` [${profiles.map(memoryProfileName).join(", ")} profile only: ${reason}]`;
  return {
    runs,
    note,
    it: (title, body, timeoutMs) => it.skipIf(!runs)(title + note, body, timeoutMs),
    describe: (title, body) => describe.skipIf(!runs)(title + note, body),
  };
}
