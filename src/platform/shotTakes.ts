// The takes of every shot of a shot list, and each shot's state, gathered for the surfaces
// that show them (the Jobs tree, the CodeLens plan, the hover) and the run that acts on
// them: takes come from the jobs in the list (running ones included) and from the sidecars
// in the shots' output folders (so a video whose job was cleared from the list still
// counts). The choice of take is read from the shot list's text — open in an editor or on
// disk — where Choose Take writes it. The rules themselves are core/shotList/takes.ts's.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSidecar } from '../core/frames/frameStore';
import { isActive, type Job } from '../core/jobs/job';
import type { JobChange } from '../core/jobs/jobStore';
import { describeRef, type Sidecar } from '../core/jobs/sidecar';
import { isShotListFile } from '../core/shotList/format';
import { ParsedShotList } from '../core/shotList/parse';
import { recipeOfRequest, recipeOfSidecar, shotStatus, type ShotStatus, type TakeRecord } from '../core/shotList/takes';
import { planShotList, type ShotListPlan } from '../core/shotList/validate';
import { Emitter, type Event } from '../core/util/events';
import { folderOf, outputFolderFor, workspaceRoots } from './workspaceFolders';

export interface ListTakes {
  readonly file: string;
  readonly plan: ShotListPlan;
  /** One status per shot of the file, in order (a shot with problems too). */
  readonly shots: readonly ShotStatus[];
}

interface JobSource {
  all(): readonly Job[];
  readonly onDidChange: Event<JobChange>;
}

const exists = (file: string) => fsp.stat(file).then((s) => s.isFile(), () => false);

export class ShotTakes implements vscode.Disposable {
  private readonly _onDidChange = new Emitter<string>();
  /** Fires with a shot list's path when its takes or its text changed. */
  readonly onDidChange = this._onDidChange.event;
  /** Each list's shots as last worked out, for the surfaces that must answer at once (the tree). */
  private readonly known = new Map<string, ListTakes>();
  private readonly working = new Set<string>();
  private readonly sidecars = new Map<string, { mtimeMs: number; sidecar: Sidecar | undefined }>();
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly jobs: JobSource) {
    const textChanged = (doc: vscode.TextDocument) => {
      if (doc.uri.scheme === 'file' && isShotListFile(doc.uri.fsPath)) this.changed(doc.uri.fsPath);
    };
    this.subscriptions = [
      jobs.onDidChange(({ job }) => job.shotList && this.changed(job.shotList.file)),
      vscode.workspace.onDidChangeTextDocument((e) => textChanged(e.document)),
      vscode.workspace.onDidOpenTextDocument(textChanged),
    ];
  }

  /**
   * The take that counts for a shot, as last worked out (undefined until then: the list is
   * worked out now, and onDidChange says when).
   */
  chosen(file: string, index: number): (TakeRecord & { readonly byPerson: boolean }) | undefined {
    const known = this.known.get(file);
    if (!known) this.refresh(file);
    const shot = known?.shots[index];
    return shot?.chosen ? { ...shot.chosen, byPerson: shot.chosenByPerson } : undefined;
  }

  /** Each shot's state as last worked out (undefined until then: the list is worked out now, and onDidChange says when). */
  states(file: string): readonly ShotStatus['state'][] | undefined {
    const known = this.known.get(file);
    if (!known) this.refresh(file);
    return known?.shots.map((shot) => shot.state);
  }

  /**
   * Every shot of a list with its takes and state, now. `text` is the list's text and `plan`
   * its plan when the caller has them (they are read and made here otherwise).
   */
  async list(file: string, given: { text?: string; plan?: ShotListPlan } = {}): Promise<ListTakes> {
    const source = given.text ?? (await this.text(file));
    const plan = given.plan ?? (await planShotList(source, { file, roots: workspaceRoots() }));
    const base = folderOf(file);
    const takes = await this.takesOf(file, plan, base);
    const doc = new ParsedShotList(source).document;
    const planned = new Map(plan.shots.map((s) => [s.index, s]));
    const shots = Array.from({ length: plan.total }, (_, i) => shotStatus(i, planned.get(i), takes, doc?.shots[i]?.chosenTake, base));
    const result = { file, plan, shots };
    this.known.set(file, result);
    return result;
  }

  /** Works a list out again (once at a time), and says so when it is done. */
  private refresh(file: string): void {
    if (this.working.has(file)) return;
    this.working.add(file);
    void this.list(file)
      // A list that cannot be read (deleted, say) has no takes to show: remembered as such,
      // so asking again does not read it again and again.
      .catch(() => this.known.set(file, { file, plan: { file, shots: [], issues: [], total: 0 }, shots: [] }))
      .finally(() => {
        this.working.delete(file);
        this._onDidChange.fire(file);
      });
  }

  /** The list's text: the open editor's (saved or not), else the file's. */
  private async text(file: string): Promise<string> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
    return open ? open.getText() : fsp.readFile(file, 'utf8');
  }

  /** The takes of a list: its jobs, and the sidecars naming it in its shots' output folders. */
  private async takesOf(file: string, plan: ShotListPlan, base: string | undefined): Promise<TakeRecord[]> {
    const records: TakeRecord[] = [];
    const seen = new Set<string>();
    for (const job of this.jobs.all()) {
      if (job.shotList?.file !== file) continue;
      const saved = job.status === 'completed' && job.output !== undefined && (await exists(job.output.file));
      const sidecar = saved && job.output?.sidecar ? await this.sidecar(job.output.sidecar) : undefined;
      if (saved) seen.add(job.output!.file);
      records.push({
        index: job.shotList.index,
        take: job.shotList.take ?? 1,
        status: isActive(job) ? 'generating' : saved ? 'saved' : 'failed',
        ...(saved ? { video: job.output!.file } : {}),
        ...(saved && job.output?.sidecar ? { sidecar: job.output.sidecar } : {}),
        jobId: job.id,
        createdAt: job.createdAt,
        recipe: sidecar ? recipeOfSidecar(sidecar) : recipeOfRequest(job.request, job.workspaceFolder),
      });
    }
    const list = describeRef({ kind: 'file', path: file }, base);
    const folders = new Set<string>();
    for (const shot of plan.shots) {
      try {
        folders.add(outputFolderFor({ request: shot.request, ...(base ? { workspaceFolder: base } : {}) }));
      } catch {
        // no folder open: nothing on disk to find
      }
    }
    for (const folder of folders) {
      const names = await fsp.readdir(folder).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
        const sidecarFile = path.join(folder, name);
        const sidecar = await this.sidecar(sidecarFile);
        if (!sidecar?.shot || sidecar.shot.list !== list || typeof sidecar.video !== 'string') continue;
        const video = path.join(folder, path.basename(sidecar.video));
        if (seen.has(video) || !(await exists(video))) continue;
        seen.add(video);
        records.push({
          index: sidecar.shot.index,
          take: sidecar.shot.take ?? 1,
          status: 'saved',
          video,
          sidecar: sidecarFile,
          createdAt: Date.parse(sidecar.savedAt) || 0,
          recipe: recipeOfSidecar(sidecar),
        });
      }
    }
    return records;
  }

  /** A sidecar, read again only when the file changed. */
  private async sidecar(file: string): Promise<Sidecar | undefined> {
    const stat = await fsp.stat(file).catch(() => undefined);
    if (!stat) return undefined;
    const cached = this.sidecars.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs) return cached.sidecar;
    const sidecar = await readSidecar(file);
    this.sidecars.set(file, { mtimeMs: stat.mtimeMs, sidecar });
    return sidecar;
  }

  /** Tells the surfaces, a moment later and once for a burst of changes. */
  private changed(file: string): void {
    this.pending.add(file);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const files = [...this.pending];
      this.pending.clear();
      // Lists shown somewhere are worked out again (and say so); the others when next asked.
      for (const f of files) {
        if (this.known.has(f)) this.refresh(f);
        else this._onDidChange.fire(f);
      }
    }, 300);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this._onDidChange.dispose();
  }
}
