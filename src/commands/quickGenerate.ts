// One-step routes to a video, without the panel: quick picks and input boxes from the
// palette ("Generate Video…"), from images in the Explorer, and from a selection in the
// editor. Each ends in the same place: the JobManager, with the tree taking over.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { allModels, defaultOptions, findModel } from '../core/catalog/catalog';
import { mediaFromLists, type MediaField } from '../core/catalog/media';
import type { MediaSlot, ModelSpec } from '../core/catalog/types';
import { argsFromRequest } from '../core/jobs/generateArgs';
import type { VeoClient } from '../core/api/client';
import type { Job, JobEstimate, JobRequest, MediaRef, RequestMedia } from '../core/jobs/job';
import type { JobManager } from '../core/jobs/jobManager';
import { inspectMedia, MediaError } from '../core/media/mediaLoader';
import type { PriceBook } from '../core/money/priceBook';
import { clipSummary } from '../core/text/clip';
import { COMMANDS, MEMENTO_KEYS } from '../platform/ids';
import { confirmBudget, priceRequests, quoteText } from '../platform/spending';
import { folderForJob, workspaceRoots } from '../platform/workspaceFolders';
import { findWorkspaceFiles, type WorkspaceFile } from '../platform/workspaceMedia';
import { pickFrom, pickModel } from './quickPick';
import { notify } from '../platform/messages';

export interface QuickDeps {
  readonly manager: JobManager;
  readonly prices: PriceBook;
  /** For the balance a budget question shows. */
  readonly client: Pick<VeoClient, 'getBalance'>;
  readonly memento: vscode.Memento;
  /** Resolves to false when there is no key and the person did not set one. */
  readonly ensureKey: () => Promise<boolean>;
}

type Picked<T> = vscode.QuickPickItem & { value: T };

// ---- the palette route ---------------------------------------------------------------

export async function generateInteractively(deps: QuickDeps, initialPrompt?: string, models?: readonly ModelSpec[]): Promise<Job | undefined> {
  if (!(await deps.ensureKey())) return undefined;
  const model = await chooseModel(deps, models ?? allModels());
  if (!model) return undefined;
  const prompt = await askPrompt(model, initialPrompt);
  if (prompt === undefined) return undefined;
  const lists: Partial<Record<MediaField, MediaRef[]>> = {};
  // One search per kind, however many slots (first and last frame) ask for it.
  const searches = new Map<'image' | 'video', Promise<WorkspaceFile[]>>();
  const workspaceFiles = (kind: 'image' | 'video') => searches.get(kind) ?? searches.set(kind, findWorkspaceFiles(kind)).get(kind)!;
  for (const s of model.slots) {
    const picked = await pickMedia(s, workspaceFiles);
    if (picked === undefined) return undefined;
    if (picked === 'skip') continue;
    lists[s.field] = picked;
  }
  return confirmAndSubmit(deps, { model: model.id, prompt, media: mediaFromLists(lists), options: {} });
}

// ---- from the Explorer ---------------------------------------------------------------

export async function generateFromImages(deps: QuickDeps, clicked: vscode.Uri | undefined, selected: readonly vscode.Uri[] | undefined): Promise<Job | undefined> {
  const uris = (selected?.length ? selected : clicked ? [clicked] : []).filter((u) => u.scheme === 'file');
  if (!uris.length) throw new Error(vscode.l10n.t('Select one to three images in the Explorer first.'));
  if (uris.length > 3) throw new Error(
      vscode.l10n.t('Select at most three images ({0} are selected): one animates an image, two are first and last frame, three are references.', uris.length),
    );
  for (const uri of uris) await checkImage(uri.fsPath);
  if (!(await deps.ensureKey())) return undefined;

  let files = uris.map((u) => u.fsPath);
  const fits = allModels().filter((m) => modelTakes(m, files.length));
  const preferred = files.length === 1 ? 'image' : files.length === 2 ? 'firstLast' : 'references';
  const model = await chooseModel(deps, [...fits.filter((m) => m.group === preferred), ...fits.filter((m) => m.group !== preferred)], false);
  if (!model) return undefined;

  if (files.length === 2 && !imageList(model)) {
    const [a, b] = files.map((f) => path.basename(f));
    const order = await vscode.window.showQuickPick(
      [
        { label: `${a} → ${b}`, description: vscode.l10n.t('first frame → last frame'), value: false },
        { label: `${b} → ${a}`, description: vscode.l10n.t('swapped'), value: true },
      ],
      { title: vscode.l10n.t('Veo Studio: which image comes first?'), placeHolder: vscode.l10n.t('The video moves from the first frame to the last') },
    );
    if (!order) return undefined;
    if (order.value) files = [files[1]!, files[0]!];
  }

  const prompt = await askPrompt(model);
  if (prompt === undefined) return undefined;
  const refs = files.map((p): MediaRef => ({ kind: 'file', path: p }));
  return confirmAndSubmit(deps, { model: model.id, prompt, media: imagesInSlots(model, refs), options: {} }, files[0]);
}

/** The model's image list (reference images), when it takes one. */
const imageList = (model: ModelSpec) => model.slots.find((s) => s.accepts === 'image' && s.count);

/** Images picked in the Explorer, in order: all into the model's image list, else one per image slot (first, then last frame). */
function imagesInSlots(model: ModelSpec, refs: readonly MediaRef[]): RequestMedia {
  const list = imageList(model);
  if (list) return mediaFromLists({ [list.field]: refs });
  const singles = model.slots.filter((s) => s.accepts === 'image');
  return mediaFromLists(Object.fromEntries(singles.map((s, i) => [s.field, refs[i] ? [refs[i]] : []])));
}

/** Whether a model can take exactly `count` images from the Explorer. */
function modelTakes(model: ModelSpec, count: number): boolean {
  const refs = imageList(model);
  if (refs?.count) return count >= refs.count.min && count <= refs.count.max;
  const imageSlots = model.slots.filter((s) => s.accepts === 'image' && !s.count);
  const required = imageSlots.filter((s) => s.required).length;
  return count >= Math.max(required, 1) && count <= imageSlots.length;
}

// ---- the steps -----------------------------------------------------------------------

function chooseModel(deps: QuickDeps, models: readonly ModelSpec[], grouped = true): Promise<ModelSpec | undefined> {
  return pickModel(models, {
    title: vscode.l10n.t('Veo Studio: choose a model'),
    placeholder: vscode.l10n.t('What should the video be made from?'),
    memento: deps.memento,
    // The Explorer route offers its best fits first: what was picked last would not fit.
    memoryKey: grouped ? MEMENTO_KEYS.lastModel : `${MEMENTO_KEYS.lastModel}.fromImages`,
    grouped,
  });
}

async function askPrompt(model: ModelSpec, initial?: string): Promise<string | undefined> {
  const prompt = await vscode.window.showInputBox({
    title: vscode.l10n.t('Veo Studio: prompt for {0}', model.label),
    prompt: vscode.l10n.t('Describe the scene: subject, action, camera, style, sound.'),
    placeHolder: vscode.l10n.t('A paper boat drifts down a rain-soaked street at dusk, close-up, soft piano'),
    value: initial?.trim(),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Describe the video in a few words.')),
  });
  return prompt?.trim() || undefined;
}

/** Checks a picked file now, so a bad one is refused before anything is sent. */
async function checkImage(file: string): Promise<void> {
  try {
    const info = await inspectMedia(file, 'image', { roots: workspaceRoots });
    if (info.warning) void notify.warning(vscode.l10n.t('Veo Studio: {0}', info.warning));
  } catch (error) {
    if (error instanceof MediaError) throw new Error(error.message);
    throw error;
  }
}

/** Workspace images (or videos) for one slot, plus Browse…, an https URL, or skipping it. */
async function pickMedia(s: MediaSlot, workspaceFiles: (kind: 'image' | 'video') => Promise<WorkspaceFile[]>): Promise<MediaRef[] | 'skip' | undefined> {
  const files = await workspaceFiles(s.accepts);
  for (;;) {
    type Choice = { kind: 'file'; uri: vscode.Uri } | { kind: 'browse' } | { kind: 'url' } | { kind: 'skip' };
    const items: Array<Picked<Choice>> = files.map((f) => ({
      label: path.basename(f.uri.fsPath),
      description: path.dirname(f.label) === '.' ? undefined : path.dirname(f.label),
      iconPath: new vscode.ThemeIcon(s.accepts === 'image' ? 'file-media' : 'device-camera-video'),
      value: { kind: 'file', uri: f.uri },
    }));
    const extras: Array<Picked<Choice>> = [
      { label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, alwaysShow: true, value: { kind: 'browse' } },
      { label: `$(link) ${vscode.l10n.t('Enter an https URL…')}`, alwaysShow: true, value: { kind: 'url' } },
      ...(s.required ? [] : [{ label: `$(circle-slash) ${vscode.l10n.t('No {0}', s.label.toLowerCase())}`, alwaysShow: true, value: { kind: 'skip' } as Choice }]),
    ];
    const many = !!s.count;
    const what = s.count ? `${s.count.min}–${s.count.max} ${s.label.toLowerCase()}` : s.label.toLowerCase();
    const title = s.required ? vscode.l10n.t('Veo Studio: {0}', what) : vscode.l10n.t('Veo Studio: {0} (optional)', what);
    const picked = many
      ? await vscode.window.showQuickPick([...items, ...extras], { title, canPickMany: true, placeHolder: vscode.l10n.t('Choose {0}; Browse… or a URL to add others', what) })
      : await vscode.window.showQuickPick([...extras.slice(2), ...items, ...extras.slice(0, 2)], { title, placeHolder: vscode.l10n.t('Choose the {0}', what), matchOnDescription: true });
    if (!picked) return undefined;
    const choices = (Array.isArray(picked) ? picked : [picked]).map((p) => p.value);
    if (choices.some((c) => c.kind === 'skip')) return 'skip';
    const refs: MediaRef[] = [];
    for (const choice of choices) {
      if (choice.kind === 'file') refs.push({ kind: 'file', path: choice.uri.fsPath });
      if (choice.kind === 'browse') {
        const uris = await vscode.window.showOpenDialog({
          canSelectMany: many,
          openLabel: vscode.l10n.t('Use'),
          filters: s.accepts === 'image' ? { Images: ['png', 'jpg', 'jpeg', 'webp'] } : { Videos: ['mp4', 'mov', 'webm'] },
        });
        for (const uri of uris ?? []) refs.push({ kind: 'file', path: uri.fsPath });
      }
      if (choice.kind === 'url') {
        const url = await vscode.window.showInputBox({
          title,
          prompt: vscode.l10n.t('An https link to the file. The service downloads it itself.'),
          placeHolder: 'https://example.com/frame.png',
          ignoreFocusOut: true,
          validateInput: (v) => (/^https:\/\/\S+$/i.test(v.trim()) ? undefined : vscode.l10n.t('Enter an https:// URL.')),
        });
        if (url) refs.push({ kind: 'url', url: url.trim() });
      }
    }
    if (s.count && (refs.length < s.count.min || refs.length > s.count.max)) {
      void notify.warning(vscode.l10n.t('Veo Studio: choose {0} to {1} images (you chose {2}).', s.count.min, s.count.max, refs.length));
      continue;
    }
    if (!refs.length) continue;
    try {
      for (const ref of refs) if (ref.kind === 'file') await inspectFile(ref.path, s.accepts);
      return refs;
    } catch (error) {
      void notify.error(vscode.l10n.t('Veo Studio: {0} Choose another.', error instanceof Error ? error.message : String(error)));
    }
  }
}

async function inspectFile(file: string, accepts: 'image' | 'video'): Promise<void> {
  if (accepts === 'image') {
    await checkImage(file);
    return;
  }
  try {
    await inspectMedia(file, 'video', { roots: workspaceRoots });
  } catch (error) {
    throw new Error(error instanceof Error ? error.message : String(error));
  }
}

/** Last step: generate with the model's defaults (and its estimated cost), or open the panel. */
async function confirmAndSubmit(deps: QuickDeps, request: JobRequest, folderHint?: string): Promise<Job | undefined> {
  const model = findModel(request.model)!;
  const defaults = defaultOptions(model);
  const summary = clipSummary(model, defaults, vscode.l10n.t);
  type Choice = 'go' | 'more';
  const picker = vscode.window.createQuickPick<Picked<Choice>>();
  picker.title = vscode.l10n.t('Veo Studio: {0}', model.label);
  picker.placeholder = vscode.l10n.t('Generate now with the defaults, or adjust the options in the generator panel');
  const go: Picked<Choice> = { label: `$(play) ${vscode.l10n.t('Generate')}`, detail: summary, value: 'go' };
  const more: Picked<Choice> = {
    label: `$(settings) ${vscode.l10n.t('More options…')}`,
    detail: vscode.l10n.t('Open the generator panel with this prompt and these images'),
    value: 'more',
  };
  picker.items = [go, more];
  // The price arrives while the person reads: the same quote (and basis) every surface shows.
  const pricing = priceRequests(deps, [request]);
  void pricing.then((plan) => {
    const text = quoteText(plan.quotes[0]);
    if (!text) return;
    go.detail = vscode.l10n.t('{0} — {1}', summary, text);
    picker.items = [go, more];
  });
  const choice = (await pickFrom(picker))?.value;
  if (!choice) return undefined;
  if (choice === 'more') {
    await vscode.commands.executeCommand(COMMANDS.openGenerator, argsFromRequest(request));
    return undefined;
  }
  if (!(await confirmBudget(deps, await pricing, { what: vscode.l10n.t('this video'), interactive: true }))) return undefined;
  const estimate = (await pricing).estimates[0];
  const workspaceFolder = await folderForJob(request, { ask: true, ...(folderHint ? { hint: folderHint } : {}) });
  return submitWithProgress(deps.manager, request, workspaceFolder, estimate);
}

async function submitWithProgress(manager: JobManager, request: JobRequest, workspaceFolder: string | undefined, estimate: JobEstimate | undefined): Promise<Job> {
  const job = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Veo Studio: sending your video request…') },
    () => manager.submit({ request, ...(workspaceFolder ? { workspaceFolder } : {}), ...(estimate ? { estimate } : {}) }),
  );
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Veo Studio: video job started'), 4000);
  return job;
}
