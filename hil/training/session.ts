// One exercise at the pump (docs/training.md §2): a fresh virtual pump with the exercise's library,
// its front panel with the order card at /exercise, and at the end the pump's whole event log read
// back over the protocol (READ_LOG through the panel's local port) and scored.
import { readFileSync } from "node:fs";
import { readCatalogue } from "../../simulator/panel/catalogue.ts";
import type { PanelCommands } from "../../simulator/panel/panel-commands.ts";
import { startPanel, type PanelHandle } from "../../simulator/panel/server.ts";
import { decodeRecord, recordIntact, type EventRecord } from "../../simulator/pump/event-record.ts";
import type { ClockMode } from "../../simulator/virtual-pump/clock-driver.ts";
import { startVirtualPump, type VirtualPumpHandle } from "../../simulator/virtual-pump/start.ts";
import { compileLibrary } from "../library/compiler/compile.ts";
import { libraryFacts, type Exercise, type LibraryFacts } from "./exercise.ts";
import { renderOrderCard } from "./order-card.ts";
import { scoreExercise, type ExerciseScore } from "./score.ts";

export interface ExerciseSessionOptions {
  httpPort: number;
  clock?: ClockMode;
  log?: (message: string) => void;
  /** Called when the trainee presses "Finish the exercise" on the order card. */
  onFinish?: () => void;
}

export interface ExerciseSession {
  pump: VirtualPumpHandle;
  panel: PanelHandle;
  library: LibraryFacts;
  /** Reads the pump's event log and scores it; then closes the pump and the panel. */
  finish(): Promise<ExerciseScore>;
  close(): Promise<void>;
}

/** Every intact record of the pump's log, oldest first, over READ_LOG (7 records a page). */
export async function readWholeLog(commands: PanelCommands): Promise<EventRecord[]> {
  const status = await commands.getStatus();
  if (!status.ok) throw new Error(`GET_STATUS refused: result ${status.result}, detail ${status.detail}`);
  const records: EventRecord[] = [];
  for (let from = 1; from < status.value.logNextSequence;) {
    const page = await commands.readLog(from, 7);
    if (!page.ok) throw new Error(`READ_LOG refused: result ${page.result}, detail ${page.detail}`);
    if (page.value.records.length === 0) break;
    for (const bytes of page.value.records) {
      // A damaged record's sequence cannot be trusted: step past it by one.
      if (!recordIntact(bytes)) {
        from += 1;
        continue;
      }
      const record = decodeRecord(bytes);
      records.push(record);
      from = record.sequence + 1;
    }
  }
  return records;
}

export async function startExercise(exercise: Exercise, options: ExerciseSessionOptions): Promise<ExerciseSession> {
  const libraryJson = JSON.parse(readFileSync(exercise.library, "utf8"));
  const compiled = compileLibrary(libraryJson);
  if (!compiled.ok) throw new Error(`${exercise.library} does not compile: ${JSON.stringify(compiled.errors[0])}`);
  const library = libraryFacts(libraryJson);
  const pump = await startVirtualPump({
    libraryImage: compiled.image,
    clock: options.clock ?? "realtime",
    log: options.log,
  });
  pump.pump.attachLocalPort();
  let closed = false;
  const panel = await startPanel({
    port: pump.pump,
    catalogue: readCatalogue(compiled.image),
    httpPort: options.httpPort,
    log: options.log,
    links: [{ href: "/exercise", text: `Exercise ${exercise.id}: the order` }],
    pages: new Map([["/exercise", async () => renderOrderCard(exercise)]]),
    posts: new Map([["/training/finish", async () => options.onFinish?.()]]),
  });
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await panel.close();
    await pump.close();
  };
  return {
    pump,
    panel,
    library,
    close,
    finish: async () => {
      const records = await readWholeLog(panel.session.commands);
      await close();
      return scoreExercise(exercise, records, library);
    },
  };
}
