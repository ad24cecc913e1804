// A small RFC 4180 CSV reader (REQ-LC-022), written here to take no dependency: comma-separated
// fields, records ended by CRLF (LF or CR alone also accepted, as spreadsheets on every system
// write them), fields in double quotes may hold commas, line breaks and "" for one quote.
// Anything else — a quote inside an unquoted field, text after a closing quote, a quote never
// closed — is an error naming the row, never silently repaired.

/** One record; `row` is its 1-based record number, as a spreadsheet numbers rows. */
export interface CsvRecord {
  row: number;
  fields: string[];
}

/** On error, `field` is the 0-based index of the field where reading stopped; `records` holds the rows before it. */
export type CsvResult =
  { ok: true; records: CsvRecord[] } | { ok: false; row: number; field: number; message: string; records: CsvRecord[] };

export function parseCsv(input: string): CsvResult {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let i = 0;
  const row = (): number => records.length + 1;
  const atRecordEnd = (): boolean => i >= text.length || text[i] === "\r" || text[i] === "\n";
  const endRecord = (): void => {
    records.push({ row: row(), fields });
    fields = [];
    if (text[i] === "\r" && text[i + 1] === "\n") i += 2;
    else i += 1;
  };
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length)
          return {
            ok: false,
            records,
            row: row(),
            field: fields.length,
            message: "a quoted field is never closed; add the closing double quote",
          };
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (!atRecordEnd() && text[i] !== ",") {
        return {
          ok: false,
          records,
          row: row(),
          field: fields.length,
          message: 'text after a closing quote; a quote inside a quoted field is written as two quotes ""',
        };
      }
    } else {
      while (!atRecordEnd() && text[i] !== ",") {
        if (text[i] === '"')
          return {
            ok: false,
            records,
            row: row(),
            field: fields.length,
            message: 'a double quote inside an unquoted field; put the field in quotes and write the quote as ""',
          };
        field += text[i++];
      }
    }
    fields.push(field);
    if (text[i] === ",") {
      i++;
      if (i >= text.length) fields.push(""); // "a,b," ends with an empty field
      continue;
    }
    endRecord();
  }
  if (fields.length > 0) records.push({ row: row(), fields });
  return { ok: true, records };
}

/** A field as RFC 4180 writes it: quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
