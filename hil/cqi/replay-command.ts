import type { CqiOptions } from "./cli-options.ts";
import type { Io } from "./commands.ts";
import type { CqiStore } from "./store.ts";

export async function replayCommand(_store: CqiStore, _options: CqiOptions, io: Io): Promise<number> {
  io.err("cqi replay: not implemented yet");
  return 1;
}
