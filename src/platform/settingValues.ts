// Which value of a setting applies, as a pure rule (unit-tested without VS Code): from what
// `configuration.inspect()` reports at each level, the setting's scope, and whether the
// workspace is trusted.

/** What VS Code's `inspect()` reports for one setting (the levels Veo Studio reads). */
export interface Inspected<T> {
  readonly defaultValue?: T;
  readonly globalValue?: T;
  readonly workspaceValue?: T;
  readonly workspaceFolderValue?: T;
}

/**
 * How far a workspace may set it: `application` never (only the person's own settings);
 * `restricted` only when the workspace is trusted; `any` always.
 */
export type SettingReach = 'application' | 'restricted' | 'any';

/**
 * The value that applies: the person's own (or the default) for an application setting,
 * and for a restricted one in a workspace that is not trusted; else VS Code's order —
 * folder, workspace, user, default. (VS Code keeps restricted values from untrusted
 * workspaces itself too; this holds whatever it does.)
 */
export function effectiveValue<T>(inspected: Inspected<T> | undefined, reach: SettingReach, trusted: boolean): T | undefined {
  if (!inspected) return undefined;
  if (reach === 'application' || (reach === 'restricted' && !trusted)) return inspected.globalValue ?? inspected.defaultValue;
  return inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue ?? inspected.defaultValue;
}
