// Shot lists in VS Code, one feature from its parts (src/commands/shotList/): the Problems
// panel's view of each list, "Generate Shot List", "Save as Shot", and which .json files
// are sidecars (so "Save as Shot" shows only on those).
import * as vscode from 'vscode';
import type { Services } from '../platform/services';
import { ShotListDiagnostics } from './shotList/diagnostics';
import { registerGenerateShotList } from './shotList/generate';
import { registerSaveAsShot } from './shotList/saveAsShot';
import { SidecarFiles } from './shotList/sidecarFiles';

export function registerShotLists(services: Services): vscode.Disposable {
  const diagnostics = new ShotListDiagnostics(services.log);
  const sidecars = new SidecarFiles(services.manager);
  return vscode.Disposable.from(diagnostics, sidecars, registerGenerateShotList(services, diagnostics), registerSaveAsShot(services, sidecars));
}
