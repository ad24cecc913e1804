// What `npm run hil:mcu` asks the HIL runner for (docs/mcu-port.md §8): the runner's own options,
// plus the emulated MCU's pty and rig plug-in, the emulator's client timeout and its report folder.
// No scenario is left out: since the rig presses the pump's keys (RigPlugin.localRequest, the
// board's keys on UART2), scenarios with `local` steps run too, so without --scenarios or --filter
// the suite is every scenario of hil/scenarios, as on the virtual pump (REQ-HIL-017).
import { parseCliOptions, type CliOptions } from "../runner/cli-options.ts";

export const RIG_MODULE = "hil/rigs/qemu-mcu-rig.ts";
export const DEFAULT_OUT = "build/hil-report-mcu";
/**
 * The client's retransmission timeout against the emulator: a signed activation is millions of
 * emulated instructions, and CI machines are shared; a repeat is answered from history anyway.
 */
export const CLIENT_TIMEOUT_MS = "2000";

const given = (argv: readonly string[], option: string): boolean =>
  argv.some((arg) => arg === option || arg.startsWith(`${option}=`));

/** The runner's options for a run on the emulated MCU whose UART0 is `pty`; throws UsageError as the runner does. */
export function mcuRunnerOptions(argv: readonly string[], pty: string): CliOptions {
  return parseCliOptions([
    ...argv,
    ...["--port", pty, "--rig", RIG_MODULE],
    ...(given(argv, "--timeout") ? [] : ["--timeout", CLIENT_TIMEOUT_MS]),
    ...(given(argv, "--out") ? [] : ["--out", DEFAULT_OUT]),
  ]);
}
