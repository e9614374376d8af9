// Text made safe for XML 1.0. Prompts can hold anything: markup, quotes, ampersands, line
// breaks, emoji, control characters. Escaping covers the first ones; characters XML 1.0
// cannot carry at all (most C0 controls, U+FFFE/U+FFFF, unpaired surrogates) are dropped or,
// for a broken surrogate, replaced with U+FFFD.

// Everything outside XML 1.0's Char production (after unpaired surrogates are replaced).
const NOT_IN_XML = /[^\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(LONE_SURROGATE, '\ufffd').replace(NOT_IN_XML, '');
}

/** Element content: & and < escaped (and > for "]]>"); line breaks kept. */
export function xmlText(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A double-quoted attribute value; line breaks and tabs as character references, which survive attribute normalisation. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** ` name="value"` for each defined attribute, in the order given. */
export function attrs(pairs: ReadonlyArray<readonly [string, string | number | undefined]>): string {
  return pairs
    .filter((p): p is readonly [string, string | number] => p[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xmlAttr(String(value))}"`)
    .join('');
}
