// The automation form of a command: after the job id (or Uri), an options object that says
// what a person would otherwise be asked (`{ deleteVideo: true }`, `{ model, prompt }`).
// Menus never pass one, so it also tells a caller that wants failures back (a test, a task,
// another extension) from a menu, where VS Code would show a second, generic error.
import * as vscode from 'vscode';

/** The options object, when the caller gave one (not an array of selected Uris, not a Uri). */
export function optionsArg(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof vscode.Uri) ? (value as Record<string, unknown>) : undefined;
}

/** The `rethrow` rule of such commands: only in the automation form. */
export const rethrowWithOptions = (_arg: unknown, options: unknown): boolean => optionsArg(options) !== undefined;
