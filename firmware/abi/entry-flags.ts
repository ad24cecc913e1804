// A library entry's flags byte (ENTRY_FLAGS, docs/library-image.md §4). The one definition: the
// firmware's entry layout re-exports these and the library compiler imports them. TS/AS shared subset.

export const ENTRY_FLAG_HIGH_ALERT = 1;
export const ENTRY_FLAG_SECONDARY_ALLOWED = 2;
