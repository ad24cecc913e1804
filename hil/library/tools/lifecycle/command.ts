// `library approve` and `library release` (REQ-LC-016..020): check the library compiles, apply
// the transition, and rewrite the file atomically with only "status" and "approvals" changed,
// holding the file's lock from the read to the rename (file-lock.ts).
// Exit 0 done, 1 library errors or a refused transition, 2 usage or file errors.
import { formatError } from "../../compiler/errors.ts";
import { parseApprover } from "./approvals.ts";
import { expectPositional, isHelp, parseOptions, single } from "./args.ts";
import { CommandError, EXIT_FINDINGS, EXIT_OK, loadLibraryFile, plural, writeOutput, type Io } from "./cli-support.ts";
import { contentDigest } from "./content-digest.ts";
import { withFileLock } from "./file-lock.ts";
import { rewriteLifecycle } from "./json-members.ts";
import { approve, readState, release, type Transition } from "./transitions.ts";

export const APPROVE_HELP = `library approve — record committee approvals (docs/library-tools.md §4)

Usage:
  npm run library -- approve <library.json> --approver "Name:role" [--approver "Name:role"]... [--date YYYY-MM-DD]

Roles: pharmacist, nurse, physician, biomedical-engineer. The library becomes "approved" once a
pharmacist, a nurse and a physician (three different people) have approved the same content;
until then it stays "draft". Each approval records the date (default: today, UTC) and the SHA-256
of the content approved, and prints that digest (compare it with the one on the review packet,
library review); editing the library afterwards voids the approvals.

The file is rewritten atomically; only "status" and "approvals" change.

Example:
  npm run library -- approve library.json --approver "Ana Lima:pharmacist" --date=2025-03-01

Exit codes: 0 recorded, 1 library errors or approval refused, 2 usage or file errors.`;

export const RELEASE_HELP = `library release — mark an approved library released (docs/library-tools.md §4)

Usage:
  npm run library -- release <library.json>

Refused unless the status is "approved" and the approvals (pharmacist, nurse, physician) match
the library's current content. A released library is never changed again; only it can be signed.
The file is rewritten atomically; only "status" changes.

Example:
  npm run library -- release library.json

Exit codes: 0 released, 1 library errors or release refused, 2 usage or file errors.`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkedDate(text: string): string {
  const date = new Date(`${text}T00:00:00Z`);
  const valid = DATE.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  if (!valid) throw new CommandError(`--date ${text}: write a calendar date as YYYY-MM-DD, e.g. --date 2025-03-14`);
  return text;
}

function transition(
  file: string,
  io: Io,
  apply: (json: unknown, digest: string) => Transition,
  showDigest = false,
): number {
  // Read, change and write under the file's lock: concurrent runs apply one after the other.
  return withFileLock(file, () => transitionLocked(file, io, apply, showDigest));
}

function transitionLocked(
  file: string,
  io: Io,
  apply: (json: unknown, digest: string) => Transition,
  showDigest: boolean,
): number {
  const loaded = loadLibraryFile(file);
  const digest = loaded.ok ? contentDigest(loaded.json) : loaded;
  if (!loaded.ok || !digest.ok) {
    const errors = digest.ok ? [] : digest.errors;
    for (const error of errors) io.err(formatError(error));
    io.err(`${plural(errors.length, "error")}; the library must compile before it can change status; nothing written`);
    return EXIT_FINDINGS;
  }
  const result = apply(loaded.json, digest.sha256);
  if (!result.ok) {
    io.err(`error: ${file}: ${result.reason}; nothing written`);
    return EXIT_FINDINGS;
  }
  writeOutput(file, rewriteLifecycle(loaded.text, result.state.status, result.state.approvals));
  // What the approvers signed for: the same digest the review packet shows (REQ-LC-031).
  if (showDigest) io.out(`${file}: approved content SHA-256 ${digest.sha256}`);
  io.out(`${file}: ${result.note}`);
  return EXIT_OK;
}

export function approveCommand(argv: string[], io: Io): number {
  if (isHelp(argv)) {
    io.out(APPROVE_HELP);
    return EXIT_OK;
  }
  const usage = 'approve <library.json> --approver "Name:role"';
  const args = parseOptions(argv, [
    { name: "approver", value: true, repeatable: true, example: '"Ana Lima:pharmacist"' },
    { name: "date", value: true, example: "2025-03-14" },
  ]);
  const [file] = expectPositional(args, 1, usage);
  const approvers = (args.options.get("approver") ?? []).map(parseApprover);
  if (approvers.length === 0)
    throw new CommandError(`approve needs at least one --approver "Name:role"; usage: ${usage}`);
  const date = checkedDate(single(args, "date") ?? new Date().toISOString().slice(0, 10));
  return transition(file, io, (json, digest) => approve(readState(json), approvers, date, digest), true);
}

export function releaseCommand(argv: string[], io: Io): number {
  if (isHelp(argv)) {
    io.out(RELEASE_HELP);
    return EXIT_OK;
  }
  const usage = "release <library.json>";
  const args = parseOptions(argv, []);
  const [file] = expectPositional(args, 1, usage);
  return transition(file, io, (json, digest) => release(readState(json), digest));
}
