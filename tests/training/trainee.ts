// Scripted trainees for the exercises: forms posted to the real panel over localhost HTTP, the pump's
// clock moved a few seconds per action (manual clock), the score read from the pump's event log.
import { OverrideReason } from "../../firmware/abi/workflow-codes.ts";
import type { Exercise } from "../../hil/training/exercise.ts";
import type { ExerciseScore } from "../../hil/training/score.ts";
import { startExercise, type ExerciseSession } from "../../hil/training/session.ts";
import { post } from "../panel/helpers.ts";

export type Script = (session: ExerciseSession, exercise: Exercise, act: Act) => Promise<void>;
export type Act = (action: string, fields?: Record<string, string>) => Promise<string>;

/** The chart's weight in kilograms as a careful clinician writes it: 0.1 kg (0.001 kg under 10 kg). */
export function weightKg(exercise: Exercise): string | undefined {
  const weight = exercise.patient.weight;
  if (weight === undefined) return undefined;
  if (weight.unit === "kg") return weight.value;
  if (weight.unit === "g") return String(Number(weight.value) / 1000);
  const kg = Math.round(Number(weight.value) * 0.45359237 * 10) / 10;
  return String(kg);
}

export async function runTrainee(
  exercise: Exercise,
  script: Script,
): Promise<{ score: ExerciseScore; pages: string[] }> {
  const session = await startExercise(exercise, { httpPort: 0, clock: "manual" });
  const pages: string[] = [];
  try {
    const act: Act = async (action, fields = {}) => {
      session.pump.advance(5_000);
      const page = await post(session.panel, action, fields);
      pages.push(page);
      return page;
    };
    await script(session, exercise, act);
    return { score: await session.finish(), pages };
  } finally {
    await session.close();
  }
}

/** Does what the exercise expects, by rate, the way the answer key says. */
export const goodTrainee: Script = async (session, exercise, act) => {
  await act("care-area", { careArea: String(session.library.careAreaIds.get(exercise.careArea)) });
  const kg = weightKg(exercise);
  // The weight is entered twice, as a care area with weight confirmation (NICU) asks.
  if (kg !== undefined) await act("patient", { weight: kg, weightAgain: kg });
  const start = exercise.expected.start;
  if (start === null) return;
  await act("drug", { drug: `${start.drug}:${start.concentration}` });
  await act("program", { mode: "rate", rate: start.rateMlPerHour, vtbi: start.vtbiMl ?? "" });
  if (start.override !== undefined)
    await act("override", { reason: String(OverrideReason[start.override.reasons[0]]) });
  await act("start");
};
