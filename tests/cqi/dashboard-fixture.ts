// A small DashboardData by hand for the HTML builder's tests (tests/cqi/dashboard.test.ts): two
// care areas, a basic infusion, soft stops with outcomes, a hard stop, a 10x error, two days.
import type { DashboardData } from "../../hil/cqi/dashboard-data.ts";

export function dashboardFixture(): DashboardData {
  return {
    libraries: [{ name: "General Hospital (example)", version: 12, digest: "2f40ec42ddb7ba07aa" }],
    pumps: 2,
    records: 120,
    recordsLost: 3,
    careAreas: [
      {
        careAreaId: 0,
        infusions: 40,
        withLibrary: 40,
        basic: 0,
        softStops: 4,
        hardStops: 2,
        overridden: 3,
        edited: 2,
        cancelled: 1,
        tenfold: 1,
        infusionHours: 100,
        alarms: 5,
      },
      {
        careAreaId: 1,
        infusions: 10,
        withLibrary: 8,
        basic: 2,
        softStops: 1,
        hardStops: 0,
        overridden: 1,
        edited: 0,
        cancelled: 0,
        tenfold: 0,
        infusionHours: 25,
        alarms: 0,
      },
    ],
    entries: [
      {
        careAreaId: 0,
        entryId: 1001,
        infusions: 40,
        softStops: 4,
        hardStops: 2,
        overridden: 3,
        edited: 2,
        cancelled: 1,
      },
      { careAreaId: 1, entryId: 0, infusions: 2, softStops: 0, hardStops: 0, overridden: 0, edited: 0, cancelled: 0 },
      {
        careAreaId: 1,
        entryId: 2001,
        infusions: 8,
        softStops: 1,
        hardStops: 0,
        overridden: 1,
        edited: 0,
        cancelled: 0,
      },
    ],
    days: [
      { day: 0, infusions: 30, withLibrary: 29, alerts: 4, tenfold: 1 },
      { day: 1, infusions: 20, withLibrary: 19, alerts: 3, tenfold: 0 },
    ],
    overrideReasons: [
      { reason: "CONFIRMED_WITH_PRESCRIBER", count: 3 },
      { reason: "EMERGENCY", count: 1 },
    ],
    softStopOutcomes: [
      { resolution: "OVERRIDDEN", count: 4 },
      { resolution: "EDITED", count: 1 },
    ],
    hardStopOutcomes: [
      { resolution: "EDITED", count: 1 },
      { resolution: "CANCELLED", count: 1 },
    ],
    mostOverridden: [
      {
        careAreaId: 0,
        entryId: 1001,
        concentrationIndex: 0,
        param: "DOSE",
        tier: "SOFT_MAX",
        limit: "25000000",
        unit: "ABU per basis per h",
        overrides: 3,
      },
    ],
    tenfold: [
      {
        pumpId: "icu-<1>",
        sequence: 7,
        careAreaId: 0,
        entryId: 1001,
        verdict: "HARD_STOP",
        resolution: "EDITED",
        param: "DOSE",
        direction: "ABOVE_MAX",
        fold: 10,
      },
    ],
    careAreaNames: { 0: "Adult ICU" },
    entryNames: { 1001: "Heparin" },
  };
}
