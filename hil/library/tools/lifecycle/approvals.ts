// Committee approvals (REQ-LC-017): who may approve, in which role, and when the committee is
// complete. The Joint Commission asks for a multidisciplinary committee; the rule here is at
// least one pharmacist, one nurse and one physician (the prescriber), each a different person.
// A biomedical engineer's approval is recorded but not required.
import { codePointName, forbiddenCharacter } from "../../compiler/text.ts";
import { CommandError } from "./cli-support.ts";

export const ROLES = ["pharmacist", "nurse", "physician", "biomedical-engineer"] as const;
export type Role = (typeof ROLES)[number];

/** Roles the committee rule requires, in the order messages name them. */
export const REQUIRED_ROLES: readonly Role[] = ["pharmacist", "nurse", "physician"];

/** One sign-off, as stored in the library's "approvals" array (docs/library-format.md §3). */
export interface Approval {
  name: string;
  role: Role;
  /** YYYY-MM-DD */
  date: string;
  /** SHA-256 (hex) of the image the library compiles to as a draft: what was approved. */
  contentSha256: string;
}

export interface Approver {
  name: string;
  role: Role;
}

/** Names compare without case or spacing differences: one person is one approval. */
export function personKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/** "Name:role" from --approver; the role is after the last colon. */
export function parseApprover(text: string): Approver {
  const at = text.lastIndexOf(":");
  const name = (at < 0 ? "" : text.slice(0, at)).trim().replace(/\s+/g, " ");
  const role = at < 0 ? "" : text.slice(at + 1).trim();
  if (at < 0 || name === "")
    throw new CommandError(`--approver "${text}": write "Name:role", e.g. --approver "Ana Lima:pharmacist"`);
  const forbidden = forbiddenCharacter(name);
  if (forbidden !== undefined)
    throw new CommandError(
      `--approver: the name contains ${codePointName(forbidden.character)} at character ${forbidden.position}, a control, invisible, formatting or non-space blank character; type the name plainly`,
    );
  if ([...name].length > 100) throw new CommandError(`--approver "${text}": the name must be 1..100 characters`);
  if (!ROLES.includes(role as Role))
    throw new CommandError(`--approver "${text}": unknown role "${role}"; roles: ${ROLES.join(", ")}`);
  return { name, role: role as Role };
}

/** Required roles no approval fills yet. */
export function missingRoles(approvals: readonly Approver[]): Role[] {
  return REQUIRED_ROLES.filter((role) => !approvals.some((a) => a.role === role));
}

export function describeApprover(a: Approver): string {
  return `${a.name} (${a.role})`;
}
