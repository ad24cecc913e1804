// What a step runs with (docs/hil.md §2): the driver, the window expectEvent looks in, and where a
// step records the seed it used.
import type { HilDriver } from "./driver.ts";
import type { ScenarioResources } from "./scenario-resources.ts";

/** Where expectEvent looks: the frame index where the last acting step began, moved past each match. */
export interface EventWindow {
  cursor: number;
}

export interface StepContext {
  driver: HilDriver;
  window: EventWindow;
  /** Records a seed the step used (line impairments). */
  useSeed(seed: number): void;
  /** What steps opened for the rest of the scenario (the gateway, docs/hil.md §9); closed when it ends. */
  resources: ScenarioResources;
}
