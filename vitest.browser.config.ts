// Browser tests (npm run test:browser): the HIL report laid out by real headless Chromium. Kept out
// of `npm test`, which must pass on a machine with only Node, npm and a C compiler; .ci/run
// installs Debian's chromium and runs these after npm test. CHROMIUM names another binary.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/browser/**/*.browser.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
