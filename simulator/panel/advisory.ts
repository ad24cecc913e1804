// The whole clinical advisory of a selected drug (up to 1,024 bytes, docs/library-image.md §4).
// SELECT_DRUG carries only its first ADVISORY_CHUNK bytes; a longer one is read to the end with
// READ_ADVISORY (docs/workflow.md §8.4), so the panel never shows a warning cut off half-way. The
// bytes are decoded once, whole, so a character split across chunks is not garbled.
import { ADVISORY_CHUNK } from "../../firmware/abi/workflow-codes.ts";
import type { DrugSelection } from "../client/workflow-messages.ts";
import type { PumpCommands } from "../client/pump-commands.ts";

/** The selection with `advisory` the whole text; unchanged when it already held all of it. */
export async function withWholeAdvisory(commands: PumpCommands, selection: DrugSelection): Promise<DrugSelection> {
  if (selection.advisoryLength <= ADVISORY_CHUNK) return selection;
  const parts: Uint8Array[] = [];
  let read = 0;
  while (read < selection.advisoryLength) {
    const chunk = await commands.readAdvisory(read);
    if (!chunk.ok || chunk.value.bytes.length === 0) {
      // Show what the pump sent and say that the rest could not be read, never a silent cut.
      return { ...selection, advisory: `${selection.advisory} … (the rest of the advisory could not be read)` };
    }
    parts.push(chunk.value.bytes);
    read += chunk.value.bytes.length;
  }
  const bytes = new Uint8Array(read);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { ...selection, advisory: new TextDecoder().decode(bytes) };
}
