// `npm run format`: writes every TypeScript file the way the project's formatter does
// (tests/architecture/format-files.ts says which files and why some are held to the width alone).
import { formatAll, formatProblems, formattedSources } from "./format-files.ts";

const changed = await formatAll();
console.log(`formatted ${changed.length} file(s)`);
const left = [];
for (const [file, text] of formattedSources()) left.push(...(await formatProblems(file, text)));
for (const { file, problem } of left) console.log(`${file}: ${problem}`);
process.exitCode = left.length === 0 ? 0 : 1;
