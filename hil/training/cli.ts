// `npm run training -- --exercises <dir|file> --trainee <id> [--report <dir>] [--port <n>] [--session <label>]`
// (docs/training.md): one exercise after another on a fresh virtual pump with its front panel. The
// trainee reads the order at /exercise, programs the pump at /, and presses "Finish the exercise";
// the pump's event log is then read and scored. With --report the competency record is written as
// <trainee>-competency.json, .csv and .html. Exit 0 after the session (competent or not: the record
// says), 1 when the pump or panel cannot start, 2 on a usage error naming the option.
import { parseArgs } from "node:util";
import { guardClosedOutput, parseArgsMessage } from "../../simulator/host/cli-terminal.ts";
import { DEFAULT_PANEL_PORT } from "../../simulator/virtual-pump/cli-options.ts";
import { ExerciseError, loadExercises, type Exercise } from "./exercise.ts";
import { competent, TRAINEE_ID, writeRecord, type CompetencyRecord } from "./record.ts";
import type { ExerciseScore } from "./score.ts";
import { startExercise } from "./session.ts";

export const USAGE = `usage: npm run training -- --exercises <dir|file> --trainee <id> [options]
  --exercises <path>   an exercise file or a folder of them (hil/training/exercises ships 14)
  --trainee <id>       who is assessed: letters, digits, ".", "_" or "-", at most 64
  --report <dir>       write the competency record there: <id>-competency.json, .csv and .html
  --port <n>           the front panel's port (default ${DEFAULT_PANEL_PORT}; 0 picks a free one)
  --session <label>    a label for the record, e.g. the date (nothing is taken from the clock)
  --help               this text`;

class UsageError extends Error {}

interface Options {
  exercises: Exercise[];
  trainee: string;
  report?: string;
  port: number;
  session?: string;
}

function parse(argv: string[]): Options | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: {
        exercises: { type: "string" },
        trainee: { type: "string" },
        report: { type: "string" },
        port: { type: "string" },
        session: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  const v = parsed.values;
  if (v.help === true) return "help";
  if (v.exercises === undefined) throw new UsageError("--exercises: required (a file or a folder of exercises)");
  if (v.trainee === undefined || !TRAINEE_ID.test(v.trainee))
    throw new UsageError(
      `--trainee: required, letters, digits, ".", "_" or "-" (at most 64), got ${JSON.stringify(v.trainee ?? "")}`,
    );
  const port = v.port === undefined ? DEFAULT_PANEL_PORT : Number(v.port);
  if (!/^\d{1,5}$/.test(v.port ?? "0") || port > 65535)
    throw new UsageError(`--port: "${v.port}" is not a port from 0 to 65535`);
  let exercises: Exercise[];
  try {
    exercises = loadExercises(v.exercises);
  } catch (error) {
    if (error instanceof ExerciseError || (error as NodeJS.ErrnoException).code !== undefined)
      throw new UsageError(`--exercises: ${(error as Error).message}`);
    throw error;
  }
  return { exercises, trainee: v.trainee, report: v.report, port, session: v.session };
}

async function main(argv: string[]): Promise<number> {
  let options: Options | "help";
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`training: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  const scores: ExerciseScore[] = [];
  for (const [index, exercise] of options.exercises.entries()) {
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    let session;
    try {
      session = await startExercise(exercise, { httpPort: options.port, onFinish: () => finished() });
    } catch (error) {
      console.error(`training: cannot start ${exercise.id}: ${(error as Error).message}`);
      return 1;
    }
    console.log(`exercise ${index + 1} of ${options.exercises.length}: ${exercise.id}: ${exercise.title}`);
    console.log(`panel: ${session.panel.url} (the order: ${session.panel.url}exercise)`);
    await done;
    const score = await session.finish();
    scores.push(score);
    console.log(`${score.passed ? "PASS" : "FAIL"} ${score.points}/${score.maxPoints} ${exercise.id}`);
    for (const c of score.criteria) console.log(`  ${c.passed ? "met" : "NOT MET"}: ${c.name}: ${c.detail}`);
  }
  const record: CompetencyRecord = { trainee: options.trainee, recordedAt: options.session, exercises: scores };
  console.log(
    `${competent(record) ? "COMPETENT" : "NOT YET COMPETENT"}: ${scores.filter((s) => s.passed).length} of ${scores.length} exercises with full marks`,
  );
  if (options.report !== undefined)
    for (const path of writeRecord(options.report, record)) console.log(`record: ${path}`);
  return 0;
}

guardClosedOutput(process.stdout);
process.exitCode = await main(process.argv.slice(2));
