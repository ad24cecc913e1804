// The gateway's journal (gateway/service/journal.ts) on a real file: what was written before a
// crash is there after it, a torn last line is dropped, any other damage stops the start naming the
// line, compaction keeps what still matters, control IDs are never reused (REQ-GW-051, REQ-GW-052).
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Journal, JournalError } from "../../gateway/service/journal.ts";
import { tempDir } from "./harness.ts";

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
function file(): string {
  const d = tempDir("gw-journal-");
  dirs.push(d);
  return join(d.path, "queue.jsonl");
}

describe("REQ-GW-051 REQ-GW-052 the journal", () => {
  it("REQ-GW-051: orders accepted and not finished, and messages not delivered, are there after a reopen", () => {
    const path = file();
    const j = Journal.open(path);
    j.acceptOrder("|A", "MSH|a", 1);
    j.acceptOrder("|B", "MSH|b", 2);
    j.finishOrder("|A", { code: "AA", handle: 3 });
    const id1 = j.nextControlId();
    const id2 = j.nextControlId();
    j.queueOutbound(id1, "RRG 1");
    j.queueOutbound(id2, "RRG 2");
    j.markSent(id1);
    // no close(): a crash
    const again = Journal.open(path);
    expect(again.unfinishedOrders()).toEqual([{ key: "|B", text: "MSH|b", atMs: 2 }]);
    expect(again.order("|A")?.outcome).toEqual({ code: "AA", handle: 3 });
    expect(again.pendingOutbound()).toEqual([{ id: id2, text: "RRG 2" }]);
    expect(again.nextControlId()).toBe("GW3");
    again.close();
  });

  it("REQ-GW-052: control IDs are not reused after every message was delivered and the file compacted", () => {
    const path = file();
    const j = Journal.open(path);
    for (let i = 0; i < 5; i++) {
      const id = j.nextControlId();
      j.queueOutbound(id, `m${i}`);
      j.markSent(id);
    }
    j.close();
    const k = Journal.open(path);
    expect(k.pendingOutbound()).toEqual([]);
    expect(k.nextControlId()).toBe("GW6");
    k.close();
    expect(
      readFileSync(path, "utf8")
        .split("\n")
        .filter((l) => l !== ""),
    ).toHaveLength(1);
  });

  it("REQ-GW-051: a torn last line is dropped; a damaged line before it stops the start naming it", () => {
    const path = file();
    const j = Journal.open(path);
    j.acceptOrder("|A", "MSH|a", 1);
    j.close();
    appendFileSync(path, '{"k":"order","key":"|B","te');
    const k = Journal.open(path);
    expect(k.unfinishedOrders().map((o) => o.key)).toEqual(["|A"]);
    k.close();
    const lines = readFileSync(path, "utf8").split("\n");
    writeFileSync(path, ["garbage", ...lines].join("\n"));
    expect(() => Journal.open(path)).toThrow(JournalError);
    expect(() => Journal.open(path)).toThrow(/queue\.jsonl:1: the line is not JSON; the queue is damaged/);
  });
});

describe("REQ-GW-060 the pump's log cursor and its messages are one record", () => {
  it("REQ-GW-060: a read of the log is there after a crash with its messages; a torn one is not, so the records are read again and sent once", () => {
    const path = file();
    const j = Journal.open(path);
    expect(j.logCursor("PUMP-A")).toBeUndefined();
    j.recordLogRead("PUMP-A", 5, []);
    const id = j.nextControlId();
    j.recordLogRead("PUMP-A", 9, [{ id, text: "ORU 5" }]);
    const torn = JSON.stringify({ k: "log", pump: "PUMP-A", next: 12, out: [{ id: "GW2", text: "ORU 9" }] });
    appendFileSync(path, torn.slice(0, 30)); // the crash tore the next read's line
    const again = Journal.open(path);
    expect(again.logCursor("PUMP-A")).toBe(9);
    expect(again.pendingOutbound()).toEqual([{ id, text: "ORU 5" }]);
    again.markSent(id);
    again.close();
    // Compaction keeps the cursor when every message was delivered.
    const third = Journal.open(path);
    expect(third.logCursor("PUMP-A")).toBe(9);
    expect(third.pendingOutbound()).toEqual([]);
    expect(third.nextControlId()).toBe("GW2");
    third.close();
  });
});
