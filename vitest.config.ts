import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The C port's tests need wabt and gcc: npm run test:mcu (vitest.mcu.config.ts).
    exclude: ["tests/mcu/**", "**/node_modules/**"],
    setupFiles: ["tests/setup/fast-check-seed.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
