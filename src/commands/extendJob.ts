// "Extend": a finished video continued by a new clip (7 s at 720p) from a model that takes a
// video. Asks which model and what happens next, unless the automation form says.
import * as vscode from 'vscode';
import { ValidationError } from '../core/api/errors';
import { allModels, findModel } from '../core/catalog/catalog';
import type { ModelSpec } from '../core/catalog/types';
import { shortPrompt } from '../core/text/jobText';
import { registerCommands } from '../platform/commands';
import { COMMANDS, MEMENTO_KEYS } from '../platform/ids';
import { hasVideo, jobFromArgs } from '../platform/jobPicker';
import { ensureApiKey } from '../platform/keyPrompts';
import { approveSpend } from '../platform/spending';
import type { Services } from '../platform/services';
import { optionsArg, rethrowWithOptions } from './automationArgs';
import { pickModel } from './quickPick';

/** The argument form of "Extend": no questions asked when both are given. */
interface ExtendArgs {
  readonly model?: string;
  readonly prompt?: string;
  /** Send even when a budget would be passed (nobody is asked in this form). */
  readonly allowOverBudget?: boolean;
}

const isExtendModel = (m: ModelSpec) => m.slots.some((s) => s.accepts === 'video');

export function registerExtendJob(services: Services): vscode.Disposable {
  const { manager, log } = services;
  const extend = async (arg: unknown, options: unknown) => {
    const job = await jobFromArgs(manager.store, arg, hasVideo, vscode.l10n.t('extend'));
    if (!job) return undefined;
    if (!hasVideo(job)) throw new Error(vscode.l10n.t('Only a saved video can be extended; this job is {0}.', job.status));
    const given: ExtendArgs = (optionsArg(options) as ExtendArgs | undefined) ?? {};
    if (!(await ensureApiKey(services.keys))) return undefined;
    const model = given.model !== undefined ? findModel(given.model) : await pickExtendModel(services);
    if (!model) {
      if (given.model !== undefined) throw new ValidationError([{ field: 'model', message: vscode.l10n.t('Unknown model "{0}".', given.model) }]);
      return undefined;
    }
    const prompt =
      given.prompt ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Veo Studio: extend “{0}”', shortPrompt(job.request.prompt, 40)),
        prompt: vscode.l10n.t('What happens next? The new clip continues the video by 7 s.'),
        value: job.request.prompt,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Describe what happens next in a few words.')),
      }));
    if (prompt === undefined || !prompt.trim()) return undefined;
    const input = { model: model.id, prompt };
    const plan = await approveSpend(services, [manager.extendRequest(job.id, input)], {
      what: vscode.l10n.t('this extension'),
      interactive: optionsArg(options) === undefined,
      allowOverBudget: given.allowOverBudget === true,
    });
    if (!plan) return undefined;
    const estimate = plan.estimates[0];
    const child = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Veo Studio: sending the extend request…') },
      () => manager.extend(job.id, input, estimate ? { estimate } : {}),
    );
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Veo Studio: extend job started'), 4000);
    return child.id;
  };
  return registerCommands(log, [{ id: COMMANDS.extendJob, run: extend, rethrow: rethrowWithOptions }]);
}

function pickExtendModel(deps: Services): Promise<ModelSpec | undefined> {
  return pickModel(allModels().filter(isExtendModel), {
    title: vscode.l10n.t('Veo Studio: extend with which model?'),
    placeholder: vscode.l10n.t('Both continue the clip by 7 s at 720p'),
    memento: deps.memento,
    memoryKey: MEMENTO_KEYS.lastExtendModel,
    grouped: false,
    prices: deps.prices,
  });
}
