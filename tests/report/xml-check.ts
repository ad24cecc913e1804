// A tiny, strict XML reader for the JUnit test: enough of XML 1.0 to prove the writer's output is
// well-formed (one root, tags nest, attributes quoted and unique, only the five named entities and
// numeric references, no character XML forbids) and to read it back as a tree.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = "[A-Za-z_][\\w.-]*";
const ATTR = new RegExp(`\\s+(${NAME})="([^"<]*)"`, "y");
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decode(raw: string, where: string): string {
  return raw.replace(/&([^;]*);|&/g, (match, body: string | undefined) => {
    if (body === undefined) throw new Error(`bare & in ${where}`);
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (body in named) return named[body];
    const num = /^#(\d+)$/.exec(body) ?? /^#x([0-9a-fA-F]+)$/.exec(body);
    if (num === null) throw new Error(`unknown entity &${body}; in ${where}`);
    return String.fromCodePoint(parseInt(num[1], body.startsWith("#x") ? 16 : 10));
  });
}

export function parseXml(xml: string): XmlElement {
  if (FORBIDDEN.test(xml)) throw new Error("holds a character XML 1.0 forbids");
  let at = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (decl !== null) at = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < xml.length) {
    const lt = xml.indexOf("<", at);
    const text = xml.slice(at, lt === -1 ? xml.length : lt);
    if (text.includes(">")) throw new Error(`raw > in text at ${at}`);
    const decoded = decode(text, `text at ${at}`);
    if (stack.length === 0 && decoded.trim() !== "") throw new Error(`text outside the root at ${at}`);
    if (stack.length > 0) stack[stack.length - 1].text += decoded;
    if (lt === -1) break;
    at = lt;
    const close = new RegExp(`</(${NAME})>`, "y");
    close.lastIndex = at;
    const closing = close.exec(xml);
    if (closing !== null) {
      const open = stack.pop();
      if (open?.name !== closing[1]) throw new Error(`</${closing[1]}> closes <${open?.name}> at ${at}`);
      at = close.lastIndex;
      continue;
    }
    const start = new RegExp(`<(${NAME})`, "y");
    start.lastIndex = at;
    const opening = start.exec(xml);
    if (opening === null) throw new Error(`malformed tag at ${at}`);
    const element: XmlElement = { name: opening[1], attrs: {}, children: [], text: "" };
    at = start.lastIndex;
    for (;;) {
      ATTR.lastIndex = at;
      const attr = ATTR.exec(xml);
      if (attr === null) break;
      if (attr[1] in element.attrs) throw new Error(`attribute ${attr[1]} twice at ${at}`);
      element.attrs[attr[1]] = decode(attr[2], `attribute ${attr[1]}`);
      at = ATTR.lastIndex;
    }
    const end = /\s*(\/?)>/y;
    end.lastIndex = at;
    const ending = end.exec(xml);
    if (ending === null) throw new Error(`malformed tag <${element.name}> at ${at}`);
    at = end.lastIndex;
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else if (root === undefined) root = element;
    else throw new Error("second root element");
    if (ending[1] !== "/") stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is never closed`);
  if (root === undefined) throw new Error("no root element");
  return root;
}

export function descendants(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((c) => [...(c.name === name ? [c] : []), ...descendants(c, name)]);
}
