// Rewrites the lifecycle fields ("status", "approvals") of a library file in place, leaving every
// other byte as the pharmacist wrote it, so a version-control diff of approve/release shows only
// what changed. The result is re-parsed and compared with the intended value (fail closed).
import { isDeepStrictEqual } from "node:util";
import type { Approval } from "./approvals.ts";

interface MemberSpan {
  key: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

const WS = " \t\n\r";

/** The members of the top-level object of `text`, which must be valid JSON. */
function topLevelMembers(text: string): MemberSpan[] {
  let i = 0;
  const skipWs = (): void => {
    while (WS.includes(text[i])) i++;
  };
  const skipString = (): void => {
    i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
  };
  const skipValue = (): void => {
    if (text[i] === '"') return skipString();
    if (text[i] !== "{" && text[i] !== "[") {
      while (i < text.length && !",]}".includes(text[i]) && !WS.includes(text[i])) i++;
      return;
    }
    let depth = 0;
    do {
      if (text[i] === '"') {
        skipString();
        continue;
      }
      if (text[i] === "{" || text[i] === "[") depth++;
      else if (text[i] === "}" || text[i] === "]") depth--;
      i++;
    } while (depth > 0);
  };
  const members: MemberSpan[] = [];
  skipWs();
  i++; // "{"
  for (skipWs(); text[i] !== "}"; skipWs()) {
    const keyStart = i;
    skipString();
    const key = JSON.parse(text.slice(keyStart, i)) as string;
    skipWs();
    i++; // ":"
    skipWs();
    const valueStart = i;
    skipValue();
    members.push({ key, keyStart, valueStart, valueEnd: i });
    skipWs();
    if (text[i] === ",") i++;
  }
  return members;
}

function approvalLine(a: Approval): string {
  return `{ ${Object.entries(a)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(", ")} }`;
}

/** `text` with "status" and "approvals" set, "approvals" placed right after "status" when new. */
export function rewriteLifecycle(text: string, status: string, approvals: Approval[]): string {
  const members = topLevelMembers(text);
  const statusMember = members.find((m) => m.key === "status");
  if (statusMember === undefined) throw new Error("rewriteLifecycle: the library has no status member");
  const lineStart = text.lastIndexOf("\n", statusMember.keyStart) + 1;
  const indent = text.slice(lineStart, statusMember.keyStart);
  const multiline = /^[ \t]*$/.test(indent) && lineStart > 0;
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const itemIndent = multiline ? `${newline}${indent}  ` : "";
  const arrayText =
    approvals.length === 0
      ? "[]"
      : `[${approvals.map((a) => itemIndent + approvalLine(a)).join(",")}${multiline ? `${newline}${indent}` : ""}]`;

  const edits: { start: number; end: number; text: string }[] = [
    { start: statusMember.valueStart, end: statusMember.valueEnd, text: JSON.stringify(status) },
  ];
  const approvalsMember = members.find((m) => m.key === "approvals");
  if (approvalsMember !== undefined)
    edits.push({ start: approvalsMember.valueStart, end: approvalsMember.valueEnd, text: arrayText });
  else
    edits.push({
      start: statusMember.valueEnd,
      end: statusMember.valueEnd,
      text: `,${multiline ? `${newline}${indent}` : " "}"approvals": ${arrayText}`,
    });

  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);

  const expected = { ...(JSON.parse(text) as object), status, approvals };
  if (!isDeepStrictEqual(JSON.parse(result), expected))
    throw new Error("rewriteLifecycle: the rewritten file does not parse to the intended library; nothing written");
  return result;
}
