// Checks every shot of a shot list before anything is sent — the model and its options
// against the catalog, each image on disk (type, size, staying inside the workspace), the
// output name — and turns the good ones into JobRequests. All problems of all shots are
// reported together, each with its shot number, field and place in the file.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DEFAULT_MODEL_ID, allModels, findModel, option, optionsOf, resolveOptions, slot, unknownModel, validateDraft, type Checked, type FieldIssue, type MediaCounts, type RequestBody } from '../catalog/catalog';
import { MEDIA_KINDS, isMediaField, mediaFromLists, mediaKind, type MediaField, type MediaKind } from '../catalog/media';
import type { ModelSpec, OptionValue } from '../catalog/types';
import { InvalidFileNameError, sanitiseBaseName } from '../download/naming';
import type { JobRequest, MediaRef, RequestMedia } from '../jobs/job';
import { inspectMedia, MediaError, type MediaPolicy } from '../media/mediaLoader';
import { checkTransport } from '../net/urlPolicy';
import type { ShotListDefaults, ShotSpec } from './format';
import { ParsedShotList, type JsonPath, type ShotListIssue } from './parse';
import { isInside } from '../util/paths';

export interface PlanContext {
  /** Absolute path of the shot-list file: relative image paths start from its folder. */
  readonly file: string;
  /** The workspace folders: every local image must be inside one. */
  readonly roots: readonly string[];
  readonly media?: Omit<MediaPolicy, 'roots'>;
}

export interface PlannedShot {
  /** 0-based position in the file. */
  readonly index: number;
  readonly request: JobRequest;
  /** Every option as it will be sent (defaults filled in), for the cost estimate. */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** How many takes a run makes (1 unless the shot asks for more). */
  readonly takes: number;
  /** The take the person chose, when the file says. */
  readonly chosenTake?: number;
}

export interface ShotListPlan {
  readonly file: string;
  /** The shots that passed every check, in file order. */
  readonly shots: readonly PlannedShot[];
  /** Errors and warnings, in file order. */
  readonly issues: readonly ShotListIssue[];
  /** How many shots the file has (valid or not). */
  readonly total: number;
}

export function hasErrors(plan: Pick<ShotListPlan, 'issues'>): boolean {
  return plan.issues.some((i) => i.severity === 'error');
}


async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch {
    return false;
  }
}

/** A folder under the workspace folder: no `..`, not absolute (as the `generate` arguments). */
function badOutputFolder(folder: string): string | undefined {
  if (folder.trim() === '') return 'outputFolder must name a folder, like "videos/shots".';
  if (folder.split(/[\\/]+/).includes('..') || /^([\\/]|[a-z]:)/i.test(folder)) {
    return `"${folder}" leads outside the workspace folder; use a folder inside it, like "videos/shots".`;
  }
  return undefined;
}

/** Parses and checks the text of a shot list; reads the images it names (never sends anything). */
export async function planShotList(text: string, ctx: PlanContext): Promise<ShotListPlan> {
  const parsed = new ParsedShotList(text);
  const doc = parsed.document;
  if (!doc) return { file: ctx.file, shots: [], issues: sortIssues(parsed.issues), total: 0 };
  const checker = new ShotChecker(parsed, ctx, doc.defaults ?? {});
  const shots: PlannedShot[] = [];
  for (let i = 0; i < doc.shots.length; i++) {
    const planned = await checker.check(doc.shots[i]!, i, parsed.badFields[i] ?? new Set());
    if (planned) shots.push(planned);
  }
  checker.checkOutputNames(doc.shots);
  const issues = sortIssues(parsed.issues);
  // A shot with any error is not planned; the plan only runs when there are none at all.
  const broken = new Set(issues.filter((i) => i.severity === 'error' && i.shot !== undefined).map((i) => i.shot));
  return { file: ctx.file, shots: shots.filter((s) => !broken.has(s.index)), issues, total: doc.shots.length };
}

function sortIssues(issues: readonly ShotListIssue[]): ShotListIssue[] {
  return [...issues].sort((a, b) => a.range.offset - b.range.offset);
}

class ShotChecker {
  private readonly inspected = new Map<string, Promise<{ warning?: string } | MediaError>>();
  private readonly defaultModel: ModelSpec | undefined;
  /** Defaults option names that no model has: reported once, then ignored. */
  private readonly strayDefaults = new Set<string>();

  constructor(
    private readonly parsed: ParsedShotList,
    private readonly ctx: PlanContext,
    private readonly defaults: ShotListDefaults,
  ) {
    if (defaults.model !== undefined) {
      this.defaultModel = findModel(defaults.model);
      if (!this.defaultModel) parsed.error(['defaults', 'model'], unknownModel(defaults.model).message);
    }
    for (const key of Object.keys(defaults.options ?? {})) {
      if (!allModels().some((m) => option(m, key))) {
        this.strayDefaults.add(key);
        parsed.error(['defaults', 'options', key], `"${key}" is not an option of any Veo model.`, 'key');
      }
    }
    if (defaults.outputFolder !== undefined) {
      const bad = badOutputFolder(defaults.outputFolder);
      if (bad) parsed.error(['defaults', 'outputFolder'], bad);
    }
  }

  async check(shot: ShotSpec, index: number, bad: ReadonlySet<string>): Promise<PlannedShot | undefined> {
    const at = (...rest: Array<string | number>): JsonPath => ['shots', index, ...rest];
    const error = (p: JsonPath, message: string) => this.parsed.error(p, message);
    const errorsBefore = this.parsed.issues.filter((i) => i.severity === 'error').length;

    // The model: the shot's own, else the defaults' (reported once, above), else the default.
    let model: ModelSpec | undefined;
    if (shot.model !== undefined) {
      model = findModel(shot.model);
      if (!model) error(at('model'), unknownModel(shot.model).message);
    } else if (this.defaults.model === undefined) {
      model = findModel(DEFAULT_MODEL_ID);
    } else {
      model = this.defaultModel;
    }

    // Media: which fields the model takes, then each file or URL.
    const lists: Partial<Record<MediaField, MediaRef[]>> = {};
    const counts: MediaCounts = {};
    for (const kind of MEDIA_KINDS) {
      const field = kind.arg;
      if (bad.has(field)) continue;
      const value = shot[kind.arg];
      if (value === undefined) continue;
      const list = typeof value === 'string' ? [value] : [...value];
      if (list.length === 0) continue;
      if (model && !slot(model, kind.field)) {
        error(at(field), takesNo(model, kind));
        continue;
      }
      // A list field's count is the model's to judge (below); a single one given as an array holds one.
      if (!kind.list && list.length > kind.max) {
        error(at(field, kind.max), holdsOne(kind));
        continue;
      }
      const refs: MediaRef[] = [];
      for (let i = 0; i < list.length; i++) {
        const where = typeof value === 'string' ? at(field) : at(field, i);
        const ref = await this.mediaRef(list[i]!, kind.accepts, where);
        if (ref) refs.push(ref);
      }
      counts[kind.field] = list.length;
      if (refs.length === list.length) lists[kind.field] = refs;
    }
    const media: RequestMedia = mediaFromLists(lists);

    // Options: the defaults this model has, then the shot's own; the catalog checks them all.
    const options: Record<string, unknown> = {};
    const fromShot = new Set<string>();
    if (model) {
      for (const [key, v] of Object.entries(this.defaults.options ?? {})) if (option(model, key)) options[key] = v;
    }
    if (!bad.has('options')) {
      for (const [key, v] of Object.entries(shot.options ?? {})) {
        options[key] = v;
        fromShot.add(key);
      }
    }
    let resolved: Record<string, OptionValue> = {};
    if (model) {
      // Each option on its own first, so a bad option does not hide the prompt's or the
      // media's problems (the catalog stops at the options when they fail).
      const usable: Record<string, unknown> = {};
      const optionIssues: FieldIssue[] = [];
      for (const [key, v] of Object.entries(options)) {
        const one = resolveOptions(model, { [key]: v });
        if (one.ok) usable[key] = v;
        else optionIssues.push(...one.issues);
      }
      const checked = validateDraft({ model: model.id, prompt: bad.has('prompt') ? 'x' : shot.prompt, media: counts, options: usable });
      const draft: Checked<RequestBody> = optionIssues.length ? { ok: false, issues: [...optionIssues, ...(checked.ok ? [] : checked.issues)] } : checked;
      if (draft.ok) {
        resolved = optionsOf(model, draft.value);
      } else {
        for (const issue of draft.issues) {
          const shotField = isMediaField(issue.field) ? mediaKind(issue.field).arg : undefined;
          if (shotField) {
            if (!bad.has(shotField) && shot[shotField] === undefined) error(at(), `${issue.message} Give it as "${shotField}".`);
            else if (!bad.has(shotField)) error(at(shotField), issue.message);
          } else if (issue.field === 'prompt') {
            error(at('prompt'), issue.message);
          } else if (option(model, issue.field)) {
            error(fromShot.has(issue.field) ? at('options', issue.field) : ['defaults', 'options', issue.field], issue.message);
          } else if (options[issue.field] !== undefined) {
            // An option this model does not have (the shot's own: defaults were filtered).
            this.parsed.error(at('options', issue.field), issue.message, 'key');
          } else if (issue.field !== 'model') {
            error(at(), issue.message);
          }
        }
      }
    }

    // Where the video goes.
    if (shot.output !== undefined && !bad.has('output')) {
      if (shot.output.trim() === '') error(at('output'), 'output must name the video file, like "shot-01".');
      else {
        try {
          sanitiseBaseName(shot.output);
        } catch (e) {
          if (!(e instanceof InvalidFileNameError)) throw e;
          error(at('output'), e.message);
        }
      }
    }
    if (shot.outputFolder !== undefined && !bad.has('outputFolder')) {
      const problem = badOutputFolder(shot.outputFolder);
      if (problem) error(at('outputFolder'), problem);
    }

    const errorsAfter = this.parsed.issues.filter((i) => i.severity === 'error').length;
    if (!model || errorsAfter > errorsBefore || bad.size > 0) return undefined;
    const outputFolder = shot.outputFolder ?? this.defaults.outputFolder;
    return {
      index,
      options: resolved,
      takes: shot.takes ?? 1,
      ...(shot.chosenTake !== undefined ? { chosenTake: shot.chosenTake } : {}),
      request: {
        model: model.id,
        prompt: shot.prompt.trim(),
        media,
        options: resolved,
        ...(shot.output ? { outputName: shot.output } : {}),
        ...(outputFolder ? { outputFolder } : {}),
      },
    };
  }

  /** Two shots with one output name: the second gets `-2`, which may surprise; say so. */
  checkOutputNames(shots: readonly ShotSpec[]): void {
    const seen = new Map<string, number>();
    shots.forEach((shot, i) => {
      if (!shot.output?.trim()) return;
      let name: string;
      try {
        name = sanitiseBaseName(shot.output).toLowerCase();
      } catch {
        return;
      }
      const key = `${shot.outputFolder ?? this.defaults.outputFolder ?? ''}\0${name}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else this.parsed.issue('warning', ['shots', i, 'output'], `Shot ${first + 1} has the same output name; this video will be saved with a "-2" (or higher) suffix.`);
    });
  }

  /** An https URL as it is, or a workspace file that exists and is a usable image or video. */
  private async mediaRef(raw: string, accepts: 'image' | 'video', where: JsonPath): Promise<MediaRef | undefined> {
    const value = raw.trim();
    if (/^https:\/\//i.test(value)) {
      const checked = checkTransport(value);
      if (!checked.ok || checked.url.protocol !== 'https:') {
        this.parsed.error(where, `"${value}" is not a valid https URL.`);
        return undefined;
      }
      return { kind: 'url', url: value };
    }
    if (value.startsWith('data:') || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      this.parsed.error(where, `"${value.slice(0, 60)}" must be a path in the workspace or an https URL.`);
      return undefined;
    }
    const file = await this.resolvePath(value);
    if (typeof file !== 'string') {
      this.parsed.error(where, file.problem);
      return undefined;
    }
    let pending = this.inspected.get(`${accepts}:${file}`);
    if (!pending) {
      pending = inspectMedia(file, accepts, { ...this.ctx.media, roots: () => this.ctx.roots }).then(
        (info) => (info.warning ? { warning: info.warning } : {}),
        (e: unknown) => {
          if (e instanceof MediaError) return e;
          throw e;
        },
      );
      this.inspected.set(`${accepts}:${file}`, pending);
    }
    const result = await pending;
    if (result instanceof MediaError) {
      this.parsed.error(where, result.message);
      return undefined;
    }
    if (result.warning) this.parsed.issue('warning', where, result.warning);
    return { kind: 'file', path: file };
  }

  /** The shot list's folder first, then each workspace folder; never outside the workspace. */
  private async resolvePath(p: string): Promise<string | { problem: string }> {
    const inWorkspace = (f: string) => this.ctx.roots.some((r) => isInside(f, r));
    if (path.isAbsolute(p)) {
      if (!inWorkspace(p)) return { problem: `${p} is outside the workspace; shot lists may only use files inside it (or https URLs).` };
      return (await exists(p)) ? p : { problem: `There is no file ${p}.` };
    }
    const candidates = [path.resolve(path.dirname(this.ctx.file), p), ...this.ctx.roots.map((r) => path.resolve(r, p))];
    let outside = false;
    for (const candidate of candidates) {
      if (!inWorkspace(candidate)) {
        outside = true;
        continue;
      }
      if (await exists(candidate)) return candidate;
    }
    return {
      problem: outside && !candidates.some(inWorkspace)
        ? `"${p}" leads outside the workspace; shot lists may only use files inside it (or https URLs).`
        : `There is no file "${p}" next to the shot list or in the workspace.`,
    };
  }
}

/** "Veo 3.1 Fast takes no start image." — as the argument object says it (core/jobs/generateArgs.ts). */
function takesNo(model: ModelSpec, kind: MediaKind): string {
  return `${model.label} takes no ${kind.noun}.`;
}

/** "images holds one start image; give the last frame as lastImage and the reference images as referenceImages." */
function holdsOne(kind: MediaKind): string {
  const others = MEDIA_KINDS.filter((k) => k !== kind && k.accepts === kind.accepts).map((k) => `the ${k.noun} as ${k.arg}`);
  return `${kind.arg} holds one ${kind.noun}${others.length ? `; give ${others.join(' and ')}` : ''}.`;
}

