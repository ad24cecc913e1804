// A library entry's flags byte (ENTRY_FLAGS, docs/library-image.md §4). The one definition: the
// firmware's entry layout re-exports these and the library compiler imports them. TS/AS shared subset.

export const ENTRY_FLAG_HIGH_ALERT = 1;
export const ENTRY_FLAG_SECONDARY_ALLOWED = 2;
/** Format 3: the entry record continues with an extension of limit records (docs/library-image.md §10). */
export const ENTRY_FLAG_EXTENDED = 4;
