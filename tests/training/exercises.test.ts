// The shipped exercise set (hil/training/exercises) against the example library, and the scoring of
// scripted trainees through the real pump: a good trainee scores full marks on every exercise (so
// every exercise's answer key is what the firmware accepts), bad trainees fail with the reason named.
import { describe, expect, it } from "vitest";
import { EventType } from "../../firmware/abi/event-types.ts";
import { loadExercises, parseExercise, libraryFactsReader, ExerciseError } from "../../hil/training/exercise.ts";
import { recordCsv, recordHtml, recordJson, competent } from "../../hil/training/record.ts";
import { readWholeLog, startExercise } from "../../hil/training/session.ts";
import { goodTrainee, runTrainee, type Script } from "./trainee.ts";
import { textOf } from "../panel/helpers.ts";

const EXERCISES = loadExercises("hil/training/exercises");
const byId = (id: string) => EXERCISES.find((e) => e.id === id)!;

describe("REQ-PNL-020 REQ-PNL-021 the exercise set", () => {
  it("REQ-PNL-021: at least 12 exercises over at least five care areas, with every required hazard placed", () => {
    expect(EXERCISES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(EXERCISES.map((e) => e.careArea)).size).toBeGreaterThanOrEqual(5);
    const kinds = new Set(EXERCISES.flatMap((e) => e.hazards.map((h) => h.kind)));
    for (const kind of [
      "ten-fold-order",
      "wrong-concentration-bag",
      "weight-in-pounds",
      "soft-stop-override-warranted",
      "hard-stop",
      "drug-not-in-care-area",
    ])
      expect(kinds).toContain(kind);
  });
  it("REQ-PNL-020: an exercise that breaks the schema or names what the library lacks is refused with file and path", () => {
    const facts = libraryFactsReader();
    const good = JSON.stringify(byId("EX-03-medsurg-heparin"));
    expect(() => parseExercise(good.replace('"MEDSURG"', '"ICU"'), "03-medsurg-heparin.json", facts)).toThrow(
      /\/careArea ICU is not a care area/,
    );
    expect(() => parseExercise(good.replace('"25.2"', '"25.20"'), "03-medsurg-heparin.json", facts)).toThrow(
      /\/expected\/start\/rateMlPerHour must match pattern/,
    );
    expect(() => parseExercise(good.replace('"drug":1001', '"drug":1020'), "03-medsurg-heparin.json", facts)).toThrow(
      /1020 \(norEPINEPHrine\) is not offered in MEDSURG/,
    );
    expect(() => parseExercise(good, "other-name.json", facts)).toThrow(ExerciseError);
  });
});

describe("REQ-PNL-022 REQ-PNL-024 scoring from the pump's own log", () => {
  it("REQ-PNL-022 REQ-PNL-024: the good trainee scores full marks on every exercise; soft stops where the key says so", async () => {
    for (const exercise of EXERCISES) {
      const { score } = await runTrainee(exercise, goodTrainee);
      expect({ id: exercise.id, failed: score.criteria.filter((c) => !c.passed) }).toEqual({
        id: exercise.id,
        failed: [],
      });
      expect(score.points).toBe(5);
      // The answer key's programming raises a soft stop exactly where it says an override is warranted.
      const alerts = exercise.expected.start?.override === undefined ? 0 : 1;
      expect(score.criteria[2].detail).toBe(`${alerts} alert(s) raised, each answered correctly`);
    }
  }, 120_000);

  it("REQ-PNL-022: what the override and alerts were is read from the log: the key's soft stop really is one", async () => {
    const exercise = byId("EX-07-ob-magnesium-soft-stop");
    const session = await startExercise(exercise, { httpPort: 0, clock: "manual" });
    try {
      await goodTrainee(session, exercise, (action, fields) =>
        fetch(`${session.panel.url}action/${action}`, {
          method: "POST",
          body: new URLSearchParams(fields ?? {}),
          redirect: "manual",
        }).then((r) => r.text()),
      );
      const types = (await readWholeLog(session.panel.session.commands)).map((r) => r.type);
      expect(types).toContain(EventType.ALERT_RAISED);
      expect(types).toContain(EventType.SOFT_STOP_OVERRIDDEN);
      expect(types.at(-1)).toBe(EventType.INFUSION_STARTED);
    } finally {
      await session.close();
    }
  });

  const overrideTenfold: Script = async (session, exercise, act) => {
    await act("care-area", { careArea: "0" });
    await act("patient", { weight: "80" });
    await act("drug", { drug: "1020:1" });
    await act("program", { mode: "dose", dose: "1.5" });
    await act("override", { reason: "5" });
    await act("start");
  };
  const forceHardStop: Script = async (session, exercise, act) => {
    await act("care-area", { careArea: "1" });
    await act("patient", { weight: "70" });
    await act("drug", { drug: "1001:0" });
    const page = textOf(await act("program", { mode: "dose", dose: "180" }));
    expect(page).toContain("HARD STOP");
    expect(textOf(await act("override", { reason: "1" }))).toContain("NOT_OVERRIDABLE");
    expect(textOf(await act("start"))).toContain("START_BLOCKED");
  };

  it("REQ-PNL-024: the bad trainee fails: a ten-fold dose started after overriding its soft stop, and a hard stop forced", async () => {
    const tenfold = (await runTrainee(byId("EX-02-icu-norepinephrine-tenfold"), overrideTenfold)).score;
    expect(tenfold.passed).toBe(false);
    const failed = Object.fromEntries(tenfold.criteria.filter((c) => !c.passed).map((c) => [c.name, c.detail]));
    expect(failed["dose (rate) within tolerance"]).toBe("225 mL/h; expected 22.5 mL/h ± 5 %");
    expect(failed["correct response to each alert"]).toMatch(
      /^overrode a soft stop that called for a correction \(norEPINEPHrine.*reason EMERGENCY\)$/,
    );
    expect(failed["nothing unsafe started"]).toContain(
      "started: norEPINEPHrine, concentration 1, care area 0, 225 mL/h",
    );

    const hard = (await runTrainee(byId("EX-04-medsurg-heparin-hard-stop"), forceHardStop)).score;
    expect(hard.passed).toBe(false);
    expect(hard.criteria.filter((c) => !c.passed).map((c) => c.detail)).toEqual([
      "tried to start a hard stop (Heparin, 252 mL/h)",
    ]);

    const record = { trainee: "rn-bad", recordedAt: "session-1", exercises: [tenfold, hard] };
    expect(competent(record)).toBe(false);
    expect(recordCsv(record).split("\n")[2]).toMatch(
      /^rn-bad,session-1,EX-04-medsurg-heparin-hard-stop,MEDSURG,FAIL,4,5,\d+,"correct response to each alert: tried to start a hard stop \(Heparin, 252 mL\/h\)"$/,
    );
    expect(JSON.parse(recordJson(record))).toMatchObject({
      trainee: "rn-bad",
      competent: false,
      exercisesPassed: 0,
      exercisesTotal: 2,
    });
    expect(textOf(recordHtml(record))).toContain("NOT YET COMPETENT: 0 of 2 exercises passed with full marks");
    expect(textOf(recordHtml(record))).toContain("NOT MET: correct response to each alert: tried to start a hard stop");
  }, 60_000);

  it("REQ-PNL-024: the wrong concentration for the bag at the bedside fails, naming what was started", async () => {
    const wrongBag: Script = async (session, exercise, act) => {
      await act("care-area", { careArea: "0" });
      await act("patient", { weight: "75" });
      await act("drug", { drug: "1050:0" });
      await act("program", { mode: "rate", rate: "50", vtbi: "50" });
      await act("start");
    };
    const { score } = await runTrainee(byId("EX-05-icu-potassium-wrong-bag"), wrongBag);
    expect(score.passed).toBe(false);
    expect(score.criteria[0].detail).toBe(
      "started Potassium chloride, concentration 0, care area 0, 50 mL/h, VTBI 50 mL; expected Potassium chloride, concentration 1, care area 0",
    );
  });

  it("REQ-PNL-024: working around a hard stop with a basic infusion fails, naming the basic infusion", async () => {
    const workaround: Script = async (session, exercise, act) => {
      await act("care-area", { careArea: "1" });
      await act("patient", { weight: "82" });
      await act("drug", { drug: "1070:0" });
      expect(textOf(await act("program", { mode: "rate", rate: "500", vtbi: "250" }))).toContain("HARD STOP");
      expect(textOf(await act("basic", { basicReason: "2" }))).toContain("BASIC INFUSION (no library entry)");
      await act("program", { mode: "rate", rate: "500", vtbi: "250" });
      expect(textOf(await act("start"))).toContain("RUNNING");
    };
    const { score } = await runTrainee(byId("EX-13-medsurg-vancomycin-hard-stop"), workaround);
    expect(score.passed).toBe(false);
    expect(score.criteria[0].detail).toBe(
      "started a basic infusion (no library entry), concentration 255, care area 1, 500 mL/h, VTBI 250 mL; expected Vancomycin, concentration 0, care area 1",
    );
    expect(score.criteria[3].passed).toBe(false);
  });
});
