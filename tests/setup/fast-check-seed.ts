// One seed for every property in the run: fixed by default so CI is repeatable, overridable with
// FC_SEED to explore, and always printed so any failure can be replayed ({ seed, path }).
import fc from "fast-check";

const DEFAULT_SEED = 20261121;
const seed = process.env.FC_SEED === undefined ? DEFAULT_SEED : Number.parseInt(process.env.FC_SEED, 10);
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${process.env.FC_SEED}`);

fc.configureGlobal({ seed, numRuns: 200 });
// Printed once per test file worker; vitest shows it above the file's results.
console.log(`fast-check seed ${seed} (replay: FC_SEED=${seed} npm test)`);
