// Shot lists in VS Code, one feature from its parts (src/commands/shotList/): the Problems
// panel's view of each list, its priced plan (CodeLens) and the hover on a shot's output,
// "Generate Shot List", "Save as Shot", "Choose Take", and which .json files are sidecars
// (so "Save as Shot" shows only on those).
import * as vscode from 'vscode';
import type { Services } from '../platform/services';
import { ShotListDiagnostics } from './shotList/diagnostics';
import { registerGenerateShotList } from './shotList/generate';
import { SHOT_LIST_SUFFIX } from '../core/shotList/format';
import { registerChooseTake } from './shotList/chooseTake';
import { ShotListHover } from './shotList/planHover';
import { ShotListPlanLens } from './shotList/planLens';
import { registerSaveAsShot } from './shotList/saveAsShot';
import { SidecarFiles } from './shotList/sidecarFiles';

export function registerShotLists(services: Services): vscode.Disposable {
  const diagnostics = new ShotListDiagnostics(services.log);
  const sidecars = new SidecarFiles(services.manager);
  const selector: vscode.DocumentSelector = { scheme: 'file', pattern: `**/*${SHOT_LIST_SUFFIX}` };
  const lens = new ShotListPlanLens(services);
  return vscode.Disposable.from(
    diagnostics,
    sidecars,
    lens,
    vscode.languages.registerCodeLensProvider(selector, lens),
    vscode.languages.registerHoverProvider(selector, new ShotListHover(services)),
    registerGenerateShotList(services, diagnostics),
    registerSaveAsShot(services, sidecars),
    registerChooseTake(services),
  );
}
