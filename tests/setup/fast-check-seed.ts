// One seed for every property in the run: fixed by default so CI is repeatable, overridable with
// FC_SEED to explore, and always printed. A failure prints { seed, path }; to replay it at once,
// run just that test with both: FC_SEED=<seed> FC_PATH=<path> npx vitest run -t "<test name>".
import fc from "fast-check";

const DEFAULT_SEED = 20261121;
const seed = process.env.FC_SEED === undefined ? DEFAULT_SEED : Number.parseInt(process.env.FC_SEED, 10);
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${process.env.FC_SEED}`);
const path = process.env.FC_PATH;
if (path !== undefined && !/^\d+(:\d+)*$/.test(path)) throw new Error(`FC_PATH must look like 12:0:3, got ${path}`);

fc.configureGlobal({ seed, numRuns: 200, ...(path === undefined ? {} : { path }) });
// Printed once per test file worker; vitest shows it above the file's results.
console.log(`fast-check seed ${seed}${path === undefined ? "" : ` path ${path}`} (replay: FC_SEED=${seed} npm test)`);
