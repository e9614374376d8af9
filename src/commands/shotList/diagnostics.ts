// A shot list's problems in the Problems panel: set when the list is checked (before a run),
// checked again when the file is saved, so fixed problems go away, and dropped with the file.
import * as vscode from 'vscode';
import { isShotListFile } from '../../core/shotList/format';
import { describeIssue, type ShotListIssue } from '../../core/shotList/parse';
import { planShotList, type ShotListPlan } from '../../core/shotList/validate';
import { OTHER_IDS } from '../../platform/ids';
import type { Log } from '../../platform/log';
import { workspaceRoots } from '../../platform/workspaceFolders';

export class ShotListDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(OTHER_IDS.shotListDiagnostics);
  private readonly subscriptions: vscode.Disposable[];

  constructor(log: Log) {
    this.subscriptions = [
      // Only lists whose problems are already shown: saving a good list checks nothing.
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (isShotListFile(doc.uri.fsPath) && this.collection.has(doc.uri)) {
          void this.check(doc.uri).catch((e: unknown) => log.error('Could not check the shot list', e));
        }
      }),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((f) => this.collection.delete(f))),
    ];
  }

  /** Checks a shot list (reading the images it names) and shows its problems, or clears them. */
  async check(uri: vscode.Uri): Promise<ShotListPlan> {
    const document = await vscode.workspace.openTextDocument(uri);
    const plan = await planShotList(document.getText(), { file: uri.fsPath, roots: workspaceRoots() });
    if (plan.issues.length) this.collection.set(uri, plan.issues.map((issue) => toDiagnostic(document, issue)));
    else this.collection.delete(uri);
    return plan;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

function toDiagnostic(document: vscode.TextDocument, issue: ShotListIssue): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(issue.range.offset), document.positionAt(issue.range.offset + issue.range.length));
  const diagnostic = new vscode.Diagnostic(
    range,
    describeIssue(issue),
    issue.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = 'Veo Studio';
  return diagnostic;
}
