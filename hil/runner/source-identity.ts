// The tool's source revision for the report (REQ-RPT-016): the git commit of the checkout and
// whether its working tree had changes, asked of git itself. Outside a git checkout, or without
// git, the parts are simply absent — the report then says so — never guessed.
import { execFileSync } from "node:child_process";
import type { RunIdentity } from "../model/result-model.ts";

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 });
  } catch {
    return undefined;
  }
}

export function sourceIdentity(cwd = process.cwd()): Pick<RunIdentity, "commit" | "dirty"> {
  const commit = git(["rev-parse", "--verify", "HEAD"], cwd)?.trim();
  if (commit === undefined || !/^[0-9a-f]{40,64}$/.test(commit)) return {};
  const status = git(["status", "--porcelain"], cwd);
  return status === undefined ? { commit } : { commit, dirty: status.trim() !== "" };
}
