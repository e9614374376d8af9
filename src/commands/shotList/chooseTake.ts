// "Choose Take" (a take's row in the Jobs tree, the CodeLens on a shot, the palette, and
// `veoStudio.chooseTake` with `{ job }`): marks one take as its shot's, by writing
// `"chosenTake": N` into the shot in the list — edited through the editor (one edit, the
// rest of the file as it was: core/shotList/chosenTake.ts) and saved when it had no other
// unsaved change, so the choice is on disk for version control and the next window.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../../core/jobs/job';
import { chosenTakeEdits } from '../../core/shotList/chosenTake';
import { ParsedShotList } from '../../core/shotList/parse';
import { registerCommands } from '../../platform/commands';
import { COMMANDS } from '../../platform/ids';
import { jobFromArgs } from '../../platform/jobPicker';
import type { Services } from '../../platform/services';

const isTake = (job: Job) => job.status === 'completed' && job.shotList !== undefined && job.output !== undefined;

/** What Choose Take answers (automation, tests): the list, the shot (1-based) and the take chosen. */
export interface ChosenTake {
  readonly file: string;
  readonly shot: number;
  readonly take: number;
}

/** Writes the choice into the shot list; resolves once it is in the document (and saved, if it can be). */
export async function writeChosenTake(file: string, index: number, take: number): Promise<void> {
  const uri = vscode.Uri.file(file);
  const document = await vscode.workspace.openTextDocument(uri).then(undefined, () => {
    throw new Error(vscode.l10n.t('The shot list {0} is no longer there.', vscode.workspace.asRelativePath(file, false)));
  });
  const text = document.getText();
  const shots = new ParsedShotList(text).document?.shots;
  if (!shots || index >= shots.length) {
    throw new Error(vscode.l10n.t('{0} has no shot {1} any more (or cannot be read); fix the file, then choose again.', path.basename(file), index + 1));
  }
  const edits = chosenTakeEdits(text, index, take);
  if (!edits.length) return;
  const unsavedBefore = document.isDirty;
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('VS Code did not let Veo Studio edit {0}.', path.basename(file)));
  // Someone else's unsaved edits are theirs to save; with none, the choice goes to disk now.
  if (!unsavedBefore) await document.save();
}

/** The CodeLens form: a shot of a list (1-based), and the take when it is known. */
interface ShotArgs {
  readonly list: string;
  readonly shot: number;
  readonly take?: number;
}

function isShotArgs(value: unknown): value is ShotArgs {
  const v = value as Partial<ShotArgs> | null;
  return typeof v === 'object' && v !== null && typeof v.list === 'string' && typeof v.shot === 'number';
}

export function registerChooseTake({ manager, log, takes }: Services): vscode.Disposable {
  /** From a shot: the take given, else the one the person picks among its saved takes. */
  const chooseOfShot = async ({ list, shot, take }: ShotArgs): Promise<ChosenTake | undefined> => {
    const status = (await takes.list(list)).shots[shot - 1];
    const saved = status?.takes.filter((t) => t.status === 'saved') ?? [];
    if (!saved.length) throw new Error(vscode.l10n.t('Shot {0} of {1} has no saved take yet.', shot, path.basename(list)));
    let chosen = take;
    if (chosen === undefined) {
      const picked = await vscode.window.showQuickPick(
        saved.map((t) => ({
          label: vscode.l10n.t('Take {0}', t.take),
          description: t === status!.chosen ? vscode.l10n.t('counts now') : undefined,
          detail: t.video ? vscode.workspace.asRelativePath(t.video, false) : undefined,
          take: t.take,
        })),
        { title: vscode.l10n.t('Veo Studio: which take is shot {0}’s?', shot), placeHolder: vscode.l10n.t('The chosen take is written into {0}', path.basename(list)) },
      );
      if (!picked) return undefined;
      chosen = picked.take;
    } else if (!saved.some((t) => t.take === chosen)) {
      throw new Error(vscode.l10n.t('Shot {0} of {1} has no saved take {2}.', shot, path.basename(list), chosen));
    }
    await writeChosenTake(list, shot - 1, chosen);
    return { file: list, shot, take: chosen };
  };

  const choose = async (arg: unknown): Promise<ChosenTake | undefined> => {
    if (isShotArgs(arg)) return chooseOfShot(arg);
    const given = typeof arg === 'object' && arg !== null && 'job' in arg ? (arg as { job: unknown }).job : arg;
    const job = await jobFromArgs(manager.store, given, isTake, vscode.l10n.t('choose as its shot’s take'), (j) =>
      !j.shotList
        ? vscode.l10n.t('This video is not a take of a shot list.')
        : !isTake(j)
          ? vscode.l10n.t('Only a saved take can be chosen; this one is {0}.', j.status)
          : undefined,
    );
    if (!job?.shotList) return undefined;
    const { file, index } = job.shotList;
    const take = job.shotList.take ?? 1;
    await writeChosenTake(file, index, take);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(star-full) Veo Studio: take {0} is shot {1}’s in {2}', take, index + 1, path.basename(file)), 5000);
    return { file, shot: index + 1, take };
  };
  return registerCommands(log, [{ id: COMMANDS.chooseTake, run: choose, rethrow: (arg) => isShotArgs(arg) || (typeof arg === 'object' && arg !== null && 'job' in arg) }]);
}
