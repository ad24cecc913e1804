// The layering the repository keeps (issue 9, docs/decisions/0010-layering.md): which folder may
// import which. Each rule lists the rooms of one part from top to bottom; a file may import its own
// room or any room below it, never one above or one the rule does not know. The repository-level
// rule is the direction hil → gateway → simulator → firmware/abi: firmware imports nothing from a host.
import type { ImportEdge } from "./import-graph.ts";

export interface LayerRule {
  /** Which part of the repository the rule orders, e.g. "firmware". */
  name: string;
  /** The room of a file inside this part, or undefined when the file is not in the part. */
  roomOf(path: string): string | undefined;
  /** Rooms from top to bottom; rooms in one inner list are peers and may not import each other. */
  order: readonly (readonly string[])[];
}

function roomUnder(prefix: string, depth: number): (path: string) => string | undefined {
  return (path) => {
    if (!path.startsWith(prefix)) return undefined;
    const rest = path.slice(prefix.length).split("/");
    // A file directly in the part's folder is a room of its own (firmware/index.ts).
    return rest.length <= depth ? rest.join("/") : rest.slice(0, depth).join("/");
  };
}

export const FIRMWARE_LAYERS: LayerRule = {
  name: "firmware",
  roomOf: roomUnder("firmware/", 1),
  order: [
    ["index.ts", "testkit.ts"],
    ["boot"],
    ["protocol"],
    ["activation"],
    ["workflow"],
    ["engine"],
    ["limits"],
    ["library"],
    ["eventlog"],
    ["nv"],
    ["crypto", "exact", "clock", "faults"],
    ["abi"],
  ],
};

export const SIMULATOR_LAYERS: LayerRule = {
  name: "simulator",
  roomOf: roomUnder("simulator/", 1),
  order: [["virtual-pump"], ["panel"], ["pump"], ["client"], ["link"], ["host"]],
};

export const HIL_LAYERS: LayerRule = {
  name: "hil",
  roomOf: (path) => {
    if (!path.startsWith("hil/")) return undefined;
    const parts = path.split("/");
    if (parts[1] === "library") return `library/${parts[2]}`;
    return parts[1];
  },
  order: [
    ["scenarios"],
    ["training"],
    ["rigs"],
    ["cqi", "runner"],
    ["report"],
    ["trace"],
    ["model"],
    ["library/cli.ts"],
    ["library/examples"],
    ["library/tools"],
    ["library/compiler"],
  ],
};

/** The EHR gateway (issue 13, docs/gateway.md): HL7 and MLLP at the bottom, the service on top. */
export const GATEWAY_LAYERS: LayerRule = {
  name: "gateway",
  roomOf: roomUnder("gateway/", 1),
  order: [["cli.ts"], ["service"], ["pcd"], ["bcma"], ["hl7", "mllp"]],
};

/** The repository's direction: each top folder and the top folders (or paths) it may import. */
export const REPOSITORY_DIRECTION: ReadonlyArray<{ from: string; mayImport: readonly string[] }> = [
  { from: "firmware/", mayImport: ["firmware/"] },
  { from: "simulator/", mayImport: ["simulator/", "firmware/abi/"] },
  { from: "gateway/", mayImport: ["gateway/", "simulator/", "firmware/abi/"] },
  { from: "hil/", mayImport: ["hil/", "gateway/", "simulator/", "firmware/abi/"] },
  // The release kit (docs/release.md) packages the module and generates the C header from the ABI.
  { from: "release/", mayImport: ["release/", "firmware/abi/"] },
];

export const LAYER_RULES: readonly LayerRule[] = [FIRMWARE_LAYERS, SIMULATOR_LAYERS, GATEWAY_LAYERS, HIL_LAYERS];

function describeOrder(rule: LayerRule): string {
  return rule.order.map((peers) => peers.join(" | ")).join(" → ");
}

/** One readable sentence per import that goes against a rule, naming both files. */
export function layeringViolations(edges: readonly ImportEdge[], rules: readonly LayerRule[] = LAYER_RULES): string[] {
  const problems: string[] = [];
  for (const edge of edges) {
    const at = `${edge.from}:${edge.line} imports ${edge.to}`;
    const direction = REPOSITORY_DIRECTION.find((d) => edge.from.startsWith(d.from));
    if (direction && !direction.mayImport.some((allowed) => edge.to.startsWith(allowed))) {
      problems.push(
        `${at}: ${direction.from} may import only ${direction.mayImport.join(", ")} (direction hil → gateway → simulator → firmware/abi)`,
      );
      continue;
    }
    for (const rule of rules) {
      const fromRoom = rule.roomOf(edge.from);
      const toRoom = rule.roomOf(edge.to);
      if (fromRoom === undefined || toRoom === undefined || fromRoom === toRoom) continue;
      const rank = (room: string) => rule.order.findIndex((peers) => peers.includes(room));
      const fromRank = rank(fromRoom);
      const toRank = rank(toRoom);
      if (fromRank < 0 || toRank < 0) {
        const unknown = fromRank < 0 ? fromRoom : toRoom;
        problems.push(
          `${at}: ${rule.name} room "${unknown}" has no place in the layering (${describeOrder(rule)}); add it to tests/architecture/layers.ts`,
        );
      } else if (toRank <= fromRank) {
        const how = toRank === fromRank ? "is a peer of" : "lies above";
        problems.push(
          `${at}: ${rule.name}/${toRoom} ${how} ${rule.name}/${fromRoom}; a folder imports only folders below it (${describeOrder(rule)})`,
        );
      }
    }
  }
  return problems;
}
