// `tsx hil/runner/write-schema.ts`: regenerates docs/schema/hil-scenario.schema.json from
// scenario-schema.ts after a command, field or firmware code name changed.
import { writeFileSync } from "node:fs";
import { jsonLayout } from "./json-layout.ts";
import { SCHEMA_PATH, scenarioSchema } from "./scenario-schema.ts";

writeFileSync(SCHEMA_PATH, jsonLayout(scenarioSchema()));
console.log(`wrote ${SCHEMA_PATH}`);
