// REQ-PORT-018: docs/abi.md §2.1 states each memory profile's linear memory, library entries, log
// records, stacks and the reference port's flash and RAM — generated from the one profile table,
// so the document cannot drift from the firmware (tests/docs/profile-table.ts).
import { describe, expect, it } from "vitest";
import { MemoryProfile } from "../../firmware/abi/memory-profiles.ts";
import { memoryLayout } from "../../simulator/host/memory-layout.ts";
import { documentedTable, entriesPerSlot, meanEntryBytes, profileTable } from "./profile-table.ts";

describe("REQ-PORT-018 the memory profiles' table in docs/abi.md", () => {
  it("is exactly the table generated from firmware/abi/memory-profiles.ts (npx tsx tests/docs/profile-table.ts --write)", () => {
    expect(documentedTable()).toBe(profileTable());
  });

  it("states the figures of each profile: the mcu slot holds hundreds of entries, the standard one thousands", () => {
    const entry = meanEntryBytes();
    const mcu = memoryLayout(MemoryProfile.MCU);
    const standard = memoryLayout(MemoryProfile.STANDARD);
    expect(entriesPerSlot(mcu, entry.withRecords, entry.emptyImage)).toBeGreaterThan(500);
    expect(entriesPerSlot(standard, entry.without, entry.emptyImage)).toBeGreaterThan(10_000);
    const table = profileTable();
    for (const m of [standard, mcu]) {
      expect(table).toContain(`${m.memoryBytes.toLocaleString("en")} B`);
      expect(table).toContain(`| ${m.eventLogCapacity.toLocaleString("en")} |`);
    }
  });
});
