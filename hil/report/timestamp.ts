// The only time a report may show (REQ-RPT-003): SOURCE_DATE_EPOCH, the reproducible-builds.org
// convention — whole seconds since 1970-01-01T00:00:00Z as decimal digits, like `date +%s`. Unset
// gives no timestamp; anything else that is not such a number is an error, never a silent fallback
// to the wall clock.

/** The latest time whose ISO 8601 form still has a four-digit year (9999-12-31T23:59:59Z). */
const MAX_SECONDS = 253_402_300_799;

export class SourceDateEpochError extends Error {
  constructor(value: string) {
    super(
      `SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01T00:00:00Z written as digits only, ` +
        `at most ${MAX_SECONDS} (like \`date +%s\`, e.g. 1700000000), got ${JSON.stringify(value)}; ` +
        `unset it to write reports without a timestamp`,
    );
    this.name = "SourceDateEpochError";
  }
}

/** `SOURCE_DATE_EPOCH` as ISO 8601 UTC without fractions (`2023-11-14T22:13:20Z`), or undefined when unset. */
export function timestampFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const value = env.SOURCE_DATE_EPOCH;
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,12}$/.test(value) || Number(value) > MAX_SECONDS) throw new SourceDateEpochError(value);
  return new Date(Number(value) * 1000).toISOString().replace(".000Z", "Z");
}

/** True for the form timestampFromEnv returns. */
export const isReportTimestamp = (text: string): boolean => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text);
