// Text from a library or a scenario file reaches a terminal through the tools' output. An ESC or
// C1 control there would be run by the terminal (recolour, move the cursor, retitle the window),
// a bidi override would reorder what follows, and an invisible character would hide a
// difference. Every such character is printed as a \uXXXX escape instead: readable, and inside
// a JSON string the very same value (REQ-LIB-018).

// Controls but newline and tab (the tools' own layout), format characters, line and paragraph
// separators, lone surrogates, other default-ignorables, and the backslash that would make an
// escape ambiguous is left alone (it is visible).
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;

function escapeUnits(character: string): string {
  let out = "";
  for (let i = 0; i < character.length; i++)
    out += `\\u${character.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0")}`;
  return out;
}

/** `text` with every character a terminal would act on or not show replaced by \uXXXX. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (character) =>
    character === "\n" || character === "\t" ? character : escapeUnits(character),
  );
}
