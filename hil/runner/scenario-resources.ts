// What a step opens for the rest of its scenario (the gateway and the EHR of docs/hil.md §9): kept
// by name, and closed — newest first — when the scenario ends, before its pump's line is closed.
export class ScenarioResources {
  private readonly open = new Map<string, { value: unknown; close: () => Promise<void> }>();

  get<T>(name: string): T | undefined {
    return this.open.get(name)?.value as T | undefined;
  }

  set<T>(name: string, value: T, close: () => Promise<void>): void {
    if (this.open.has(name)) throw new Error(`${name} is already open in this scenario`);
    this.open.set(name, { value, close });
  }

  /** Closes everything; a failure to close one does not keep the others open. */
  async closeAll(): Promise<void> {
    const all = [...this.open.values()].reverse();
    this.open.clear();
    for (const { close } of all) await close().catch(() => undefined);
  }
}
