import { defineConfig } from "vitest/config";

// The C port's tests (docs/mcu-port.md): they need wabt and gcc, so only `npm run test:mcu` runs them.
export default defineConfig({
  test: {
    include: ["tests/mcu/**/*.test.ts"],
    setupFiles: ["tests/setup/fast-check-seed.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
  },
});
