// "Choose Take" writes the choice into the shot list itself — `"chosenTake": 2` on the
// shot — where version control sees it, it moves with the shot when shots are reordered,
// and nothing else has to be kept in step with the list. The file is edited, not
// rewritten: one edit, at the shot, in the shot's own style — its value replaced when the
// field is there, else the field added after the shot's last one, on the same line for a
// one-line shot, on a line of its own (indented like its neighbours) otherwise. Every other
// character stays as it was (jsonc-parser finds the places; `modify` removes a choice).
import { applyEdits, findNodeAtLocation, modify, parseTree, type Edit, type FormattingOptions } from 'jsonc-parser';

/** How the file is indented and which line ending it uses. */
export function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 4, eol } : { insertSpaces: true, tabSize: Math.min(8, indent.length), eol };
}

/** The edits that set (or, with undefined, remove) `chosenTake` of shot `index`; none when it is so already. */
export function chosenTakeEdits(text: string, index: number, take: number | undefined): Edit[] {
  if (take === undefined) return modify(text, ['shots', index, 'chosenTake'], undefined, { formattingOptions: formattingOf(text) });
  const root = parseTree(text);
  const shot = root && findNodeAtLocation(root, ['shots', index]);
  if (!shot || shot.type !== 'object') throw new RangeError(`There is no shot ${index + 1} to choose a take of.`);
  const value = String(take);
  const existing = findNodeAtLocation(shot, ['chosenTake']);
  if (existing) return text.slice(existing.offset, existing.offset + existing.length) === value ? [] : [{ offset: existing.offset, length: existing.length, content: value }];
  const last = shot.children?.at(-1);
  if (!last) return [{ offset: shot.offset + 1, length: 0, content: ` "chosenTake": ${value} ` }];
  const end = last.offset + last.length;
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const sameLine = !text.slice(shot.offset, end).includes('\n');
  if (sameLine) return [{ offset: end, length: 0, content: `, "chosenTake": ${value}` }];
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return [{ offset: end, length: 0, content: `,${formattingOf(text).eol}${indent}"chosenTake": ${value}` }];
}

/** The text with the choice made. */
export function withChosenTake(text: string, index: number, take: number | undefined): string {
  return applyEdits(text, chosenTakeEdits(text, index, take));
}
