// Reads a shot-list file: strict JSON (as the editor shows it), then the shape of the
// document — which fields exist and what type each has. Every problem is collected (never
// just the first) with the JSON path and character range it refers to, so the editor can
// mark it and the message can say "shot 2, options.duration". What the values mean for a
// model (catalog, media, names) is checked afterwards, in validate.ts.
import { findNodeAtLocation, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { MEDIA_KINDS } from '../catalog/media';
import { DEFAULTS_FIELDS, MAX_TAKES, SHOT_FIELDS, TOP_LEVEL_FIELDS, type ShotListDefaults, type ShotListDocument, type ShotSpec } from './format';

export type JsonPath = readonly (string | number)[];

export interface TextRange {
  readonly offset: number;
  readonly length: number;
}

export interface ShotListIssue {
  readonly severity: 'error' | 'warning';
  /** 0-based index of the shot; undefined for the file as a whole (syntax, defaults). */
  readonly shot?: number;
  /** Where in the document, e.g. ['shots', 1, 'options', 'duration']. */
  readonly path: JsonPath;
  /** The field as a person reads it: `options.duration`, `images[0]`, `defaults.model`. */
  readonly field: string;
  readonly message: string;
  /** The characters of the file the issue is about, for editor diagnostics. */
  readonly range: TextRange;
}

/** "Shot 2 · options.duration: Duration must be one of 4, 6, 8; got 5." */
export function describeIssue(issue: ShotListIssue): string {
  const shot = issue.shot !== undefined ? `Shot ${issue.shot + 1}` : '';
  if (!issue.field) return shot ? `${shot}: ${issue.message}` : issue.message;
  return `${shot ? `${shot} · ` : ''}${issue.field}: ${issue.message}`;
}

/** `options.duration`, `images[0]`, `defaults.model` from a path (shot paths lose their `shots[i]` head). */
export function fieldName(path: JsonPath): string {
  const rest = path[0] === 'shots' && typeof path[1] === 'number' ? path.slice(2) : path;
  let out = '';
  for (const part of rest) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

const SYNTAX_MESSAGES: Readonly<Record<number, string>> = {
  1: 'Unexpected character.',
  2: 'Invalid number.',
  3: 'A property name is expected here.',
  4: 'A value is expected here.',
  5: 'A ":" is missing after the property name.',
  6: 'A "," is missing.',
  7: 'A "}" is missing.',
  8: 'A "]" is missing.',
  9: 'The file ends too early.',
  10: 'Comments are not allowed in JSON.',
  11: 'A comment is not closed.',
  12: 'A string is not closed.',
  13: 'A number is not finished.',
  14: 'Invalid escape in a string.',
  15: 'Invalid character in a string (line breaks must be written as \\n).',
  16: 'Invalid character.',
};

/** A parsed file: its tree (for ranges), the typed document, and every problem found so far. */
export class ParsedShotList {
  readonly issues: ShotListIssue[] = [];
  /** Undefined when the file is not JSON or not a shot list at all. */
  readonly document: ShotListDocument | undefined;
  /** Per shot, the fields whose type was wrong (so later checks do not report them again). */
  readonly badFields: ReadonlyArray<ReadonlySet<string>>;
  private readonly root: Node | undefined;

  constructor(readonly text: string) {
    const errors: ParseError[] = [];
    this.root = text.trim() ? parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false }) : undefined;
    for (const e of errors) {
      this.issues.push({ severity: 'error', path: [], field: '', message: SYNTAX_MESSAGES[e.error] ?? 'This is not valid JSON.', range: { offset: e.offset, length: Math.max(1, e.length) } });
    }
    const bad: Array<Set<string>> = [];
    this.badFields = bad;
    if (errors.length || !this.root) {
      if (!errors.length) this.error([], 'The file is empty: a shot list is an object with a "shots" array.');
      this.document = undefined;
      return;
    }
    this.document = this.readDocument(this.valueOf(this.root), bad);
  }

  /** Where a path is in the text: the deepest part of it that exists. */
  rangeOf(path: JsonPath, part: 'value' | 'key' = 'value'): TextRange {
    if (!this.root) return { offset: 0, length: Math.min(1, this.text.length) };
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(this.root, [...path.slice(0, n)]);
      if (!node) continue;
      if (n === path.length && part === 'key' && node.parent?.type === 'property' && node.parent.children?.[0]) {
        const key = node.parent.children[0];
        return { offset: key.offset, length: key.length };
      }
      // A whole object or array would underline many lines: mark its opening bracket.
      if (node.type === 'object' || node.type === 'array') return { offset: node.offset, length: 1 };
      return { offset: node.offset, length: node.length };
    }
    return { offset: 0, length: 1 };
  }

  issue(severity: ShotListIssue['severity'], path: JsonPath, message: string, part: 'value' | 'key' = 'value'): ShotListIssue {
    const shot = path[0] === 'shots' && typeof path[1] === 'number' ? path[1] : undefined;
    const issue: ShotListIssue = { severity, path, field: fieldName(path), message, range: this.rangeOf(path, part), ...(shot !== undefined ? { shot } : {}) };
    this.issues.push(issue);
    return issue;
  }

  error(path: JsonPath, message: string, part: 'value' | 'key' = 'value'): void {
    this.issue('error', path, message, part);
  }

  private valueOf(node: Node): unknown {
    switch (node.type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const prop of node.children ?? []) {
          const [key, value] = prop.children ?? [];
          if (key && value) out[String(key.value)] = this.valueOf(value);
        }
        return out;
      }
      case 'array':
        return (node.children ?? []).map((c) => this.valueOf(c));
      default:
        return node.value;
    }
  }

  private unknownKeys(value: Record<string, unknown>, known: readonly string[], path: JsonPath, what: string): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.error([...path, key], `"${key}" is not a field of ${what}. Its fields are: ${known.join(', ')}.`, 'key');
    }
  }

  private readDocument(value: unknown, bad: Array<Set<string>>): ShotListDocument | undefined {
    if (!isObject(value)) {
      this.error([], 'A shot list is a JSON object with a "shots" array.');
      return undefined;
    }
    this.unknownKeys(value, TOP_LEVEL_FIELDS, [], 'a shot list');
    const defaults = value['defaults'] === undefined ? undefined : this.readDefaults(value['defaults']);
    const rawShots = value['shots'];
    if (!Array.isArray(rawShots)) {
      this.error(rawShots === undefined ? [] : ['shots'], 'A shot list needs a "shots" array, e.g. "shots": [{ "prompt": "…" }].');
      return undefined;
    }
    if (rawShots.length === 0) this.error(['shots'], 'Add at least one shot, e.g. { "prompt": "…" }.');
    const shots = rawShots.map((raw, i) => {
      const fields = new Set<string>();
      bad.push(fields);
      return this.readShot(raw, i, fields);
    });
    return {
      ...(typeof value['$schema'] === 'string' ? { $schema: value['$schema'] } : {}),
      ...(defaults ? { defaults } : {}),
      shots,
    };
  }

  private readDefaults(value: unknown): ShotListDefaults | undefined {
    const path = ['defaults'];
    if (!isObject(value)) {
      this.error(path, '"defaults" must be an object: { "model": …, "options": { … }, "outputFolder": … }.');
      return undefined;
    }
    this.unknownKeys(value, DEFAULTS_FIELDS, path, '"defaults"');
    const out: { -readonly [K in keyof ShotListDefaults]: ShotListDefaults[K] } = {};
    const model = this.readText(value, 'model', path);
    if (typeof model === 'string') out.model = model;
    const options = this.readObject(value, 'options', path);
    if (options) out.options = options;
    const folder = this.readText(value, 'outputFolder', path);
    if (typeof folder === 'string') out.outputFolder = folder;
    return out;
  }

  private readShot(value: unknown, index: number, bad: Set<string>): ShotSpec {
    const path = ['shots', index];
    if (!isObject(value)) {
      this.error(path, 'A shot is an object: { "prompt": "…", "model": "…" }.');
      bad.add('prompt');
      return { prompt: '' };
    }
    this.unknownKeys(value, SHOT_FIELDS, path, 'a shot');
    const track = <T>(field: string, read: () => T | undefined | null): T | undefined => {
      const v = read();
      if (v === null) bad.add(field);
      return v ?? undefined;
    };
    const prompt = track('prompt', () => this.readText(value, 'prompt', path));
    const shot: { -readonly [K in keyof ShotSpec]: ShotSpec[K] } = { prompt: prompt ?? '' };
    const model = track('model', () => this.readText(value, 'model', path));
    if (model !== undefined) shot.model = model;
    const media: Record<string, string | readonly string[]> = {};
    for (const kind of MEDIA_KINDS) {
      const given = track(kind.arg, () => (kind.argIsArray ? this.readList(value, kind.arg, path) : this.readText(value, kind.arg, path)));
      if (given !== undefined) media[kind.arg] = given;
    }
    Object.assign(shot, media);
    const options = track('options', () => this.readObject(value, 'options', path));
    if (options !== undefined) shot.options = options;
    const output = track('output', () => this.readText(value, 'output', path));
    if (output !== undefined) shot.output = output;
    const folder = track('outputFolder', () => this.readText(value, 'outputFolder', path));
    if (folder !== undefined) shot.outputFolder = folder;
    const takes = track('takes', () => this.readWhole(value, 'takes', path, 1, MAX_TAKES));
    if (takes !== undefined) shot.takes = takes;
    const chosen = track('chosenTake', () => this.readWhole(value, 'chosenTake', path, 1, 10_000));
    if (chosen !== undefined) shot.chosenTake = chosen;
    return shot;
  }

  // Typed reads: the value, undefined when absent, null when present but of the wrong type
  // (the problem is recorded).

  private readText(obj: Record<string, unknown>, key: string, path: JsonPath): string | undefined | null {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    this.error([...path, key], `"${key}" must be text (in quotes).`);
    return null;
  }

  private readWhole(obj: Record<string, unknown>, key: string, path: JsonPath, min: number, max: number): number | undefined | null {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    this.error([...path, key], `"${key}" must be a whole number from ${min} to ${max}.`);
    return null;
  }

  private readList(obj: Record<string, unknown>, key: string, path: JsonPath): string[] | undefined | null {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      this.error([...path, key], `"${key}" must be an array of paths or https URLs, e.g. ["images/frame.png"].`);
      return null;
    }
    let ok = true;
    v.forEach((item, i) => {
      if (typeof item !== 'string' || item.trim() === '') {
        this.error([...path, key, i], 'Each entry must be a workspace path or an https URL (in quotes).');
        ok = false;
      }
    });
    return ok ? (v as string[]) : null;
  }

  private readObject(obj: Record<string, unknown>, key: string, path: JsonPath): Record<string, unknown> | undefined | null {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (isObject(v)) return v;
    this.error([...path, key], `"${key}" must be an object, e.g. { "duration": 8 }.`);
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
