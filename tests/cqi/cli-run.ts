// `npm run cqi -- …` in this process, its output captured: the one helper the CQI tests share.
import { runCqi } from "../../hil/cqi/cli.ts";

export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCqi(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
