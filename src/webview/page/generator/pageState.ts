// Everything the generator page shows, as one value, and how each event changes it: the
// form (state.ts, saved across reloads) plus what lives only while the page does — the
// workspace lists, the account, the estimate, slots being checked, refusals, the submit in
// flight and the status line. Pure functions (unit-tested without a page): app.ts feeds
// them the person's edits and the extension's messages, and the views render the result.
import type { FieldIssue } from '../../../core/catalog/catalog';
import type { MediaField } from '../../../core/catalog/types';
import type { EstimateMessage, ExtensionMessage, Prefill, SubmitOutcome, WorkspaceEntry } from '../../generator/messages';
import { addMedia, applyPrefill, effectiveOptions, modelOf, reveal, validate, type FormState } from './state';

export type StatusKind = 'info' | 'success' | 'warning' | 'error';

/** The status line under the Generate button: what happened, and what can be done next. */
export interface Status {
  readonly kind: StatusKind;
  /** Which sentence (see statusText in text.ts); `count` and `text` fill it in. */
  readonly says: 'sending' | 'fixFields' | 'prefillIssues' | 'service';
  /** The extension's own words (submitted, refused). */
  readonly text?: string;
  readonly count?: number;
  readonly action?: 'showJobs' | 'setApiKey';
  readonly detail?: string;
}

export type Estimate =
  | { readonly state: 'loading' }
  | { readonly state: 'none' }
  | { readonly state: 'variable' }
  | { readonly state: 'ok'; readonly usd: number; readonly basis: string; readonly asOf: number; readonly stale: boolean };

export interface PageState {
  readonly form: FormState;
  readonly images: readonly WorkspaceEntry[];
  readonly videos: readonly WorkspaceEntry[];
  /** Until the extension says otherwise, assume a key (no banner flashing at every load). */
  readonly hasKey: boolean;
  readonly balance: { readonly amount: number; readonly currency: string } | null;
  readonly estimate: Estimate;
  /** Media requests in flight, by slot. */
  readonly checking: Readonly<Partial<Record<MediaField, number>>>;
  /** Why the extension refused the last thing put into a slot (cleared by the next try). */
  readonly refusals: Readonly<Partial<Record<MediaField, string>>>;
  readonly submitting: boolean;
  readonly status: Status | undefined;
}

export function initialPage(form: FormState): PageState {
  return { form, images: [], videos: [], hasKey: true, balance: null, estimate: { state: 'loading' }, checking: {}, refusals: {}, submitting: false, status: undefined };
}

/** The form changed (by the person): a refusal on an edited slot no longer applies; a "fix the fields" note goes once nothing is left to fix. */
export function withForm(page: PageState, form: FormState, edited?: string): PageState {
  const refusals = { ...page.refusals };
  if (edited) delete refusals[edited as MediaField];
  const next = { ...page, form, refusals };
  return next.status?.says === 'fixFields' && !validate(form).length ? { ...next, status: undefined } : next;
}

// ---- messages from the extension ------------------------------------------------------------

type Notice = Exclude<ExtensionMessage, { requestId: number }>;

export function onNotice(page: PageState, m: Notice): PageState {
  switch (m.type) {
    case 'init': {
      const next = { ...page, images: m.images, videos: m.videos, hasKey: m.hasKey, balance: m.balance };
      // A submit asked by the page before this one is still on its way: show it, and allow no second.
      return m.sending ? { ...next, submitting: true, status: { kind: 'info', says: 'sending' } } : next;
    }
    case 'submitOutcome':
      return submitAnswered(page, m.outcome).page;
    case 'workspaceMedia':
      return { ...page, images: m.images, videos: m.videos };
    case 'account': {
      const keyFixed = m.hasKey && page.status?.action === 'setApiKey';
      return { ...page, hasKey: m.hasKey, balance: m.balance, ...(keyFixed ? { status: undefined } : {}) };
    }
    case 'prefill':
      return prefilled(page, m.prefill);
  }
}

/** A pre-fill replaces what it names, and says so when some of it could not be used. */
export function prefilled(page: PageState, prefill: Prefill): PageState {
  return {
    ...page,
    form: applyPrefill(page.form, prefill),
    refusals: {},
    status: prefill.issues.length ? { kind: 'warning', says: 'prefillIssues' } : undefined,
  };
}

// ---- media --------------------------------------------------------------------------------

export function mediaAsked(page: PageState, field: MediaField): PageState {
  const refusals = { ...page.refusals };
  delete refusals[field];
  return { ...page, refusals, checking: { ...page.checking, [field]: (page.checking[field] ?? 0) + 1 } };
}

export type MediaAnswer = Extract<ExtensionMessage, { type: 'mediaAdded' | 'mediaRefused' | 'mediaCancelled' }> | { readonly type: 'failed'; readonly message: string };

/** The extension's answer to a media request for `field` (or why it could not give one). */
export function mediaAnswered(page: PageState, field: MediaField, answer: MediaAnswer): PageState {
  const left = Math.max(0, (page.checking[field] ?? 0) - 1);
  const checking = { ...page.checking, [field]: left };
  if (!left) delete checking[field];
  let next: PageState = { ...page, checking };
  const slot = modelOf(page.form).slots.find((s) => s.field === field);
  if (answer.type === 'mediaAdded' && slot) next = withForm(next, addMedia(next.form, slot, answer.items), field);
  const refusal = answer.type === 'mediaAdded' ? answer.refused : answer.type === 'mediaRefused' || answer.type === 'failed' ? answer.message : undefined;
  return refusal ? { ...next, refusals: { ...next.refusals, [field]: refusal } } : next;
}

/** A drop the page refused itself (not a file from VS Code). */
export function mediaRefused(page: PageState, field: MediaField, message: string): PageState {
  return { ...page, refusals: { ...page.refusals, [field]: message } };
}

// ---- the estimate -------------------------------------------------------------------------

/** What the price depends on: a new estimate only when this changes. */
export function estimateKey(form: FormState): string {
  const model = modelOf(form);
  // Every option: a price may vary with any of them (resolution, sound, duration, …).
  return JSON.stringify([model.id, effectiveOptions(model, form)]);
}

export function estimateAsked(page: PageState): PageState {
  return { ...page, estimate: { state: 'loading' } };
}

export function estimated(page: PageState, estimate: EstimateMessage | null): PageState {
  if (!estimate) return { ...page, estimate: { state: 'none' } };
  if (estimate.kind === 'variable') return { ...page, estimate: { state: 'variable' } };
  return { ...page, estimate: { state: 'ok', usd: estimate.usd, basis: estimate.basis, asOf: estimate.asOf, stale: estimate.stale } };
}

// ---- submitting ---------------------------------------------------------------------------

/**
 * The person asked to generate: either the fields that need attention (shown, with the
 * status saying how many), or the page is now sending.
 */
export function submitAsked(page: PageState): { page: PageState; send: boolean; focus?: string } {
  if (page.submitting) return { page, send: false };
  const issues = validate(page.form);
  if (issues.length) {
    const fields = issues.map((i) => i.field);
    return { page: { ...page, form: reveal(page.form, fields), status: { kind: 'error', says: 'fixFields', count: issues.length } }, send: false, focus: fields[0]! };
  }
  return { page: { ...page, submitting: true, status: { kind: 'info', says: 'sending' } }, send: true };
}

/** How a submit ended: the extension's answer (or its outcome, told to a later page), or why there was none. */
export type SubmitAnswer = Extract<ExtensionMessage, { type: 'submitted' | 'submitFailed' }> | SubmitOutcome | { readonly type: 'failed'; readonly message: string };

/** The extension's answer to a submit; `focus` is the first field it complained about. */
export function submitAnswered(page: PageState, answer: SubmitAnswer): { page: PageState; focus?: string } {
  const done = { ...page, submitting: false };
  switch (answer.type) {
    case 'submitted':
      return {
        page: {
          ...done,
          form: { ...done.form, serviceIssues: [] },
          status: { kind: answer.warning ? 'warning' : 'success', says: 'service', text: answer.message, action: 'showJobs', ...(answer.warning ? { detail: answer.warning } : {}) },
        },
      };
    case 'submitFailed': {
      const fields = answer.issues.map((i) => i.field);
      const form = reveal({ ...done.form, serviceIssues: answer.issues }, fields);
      return {
        page: {
          ...done,
          form,
          hasKey: answer.needsKey ? false : done.hasKey,
          status: { kind: 'error', says: 'service', text: answer.message, ...(answer.needsKey ? { action: 'setApiKey' as const } : {}) },
        },
        ...(fields[0] ? { focus: fields[0] } : {}),
      };
    }
    case 'failed':
      return { page: { ...done, status: { kind: 'error', says: 'service', text: answer.message } } };
  }
}

// ---- problems by field ----------------------------------------------------------------------

/** The problems to show: on their field, or in the status box for those with no field on the page. */
export interface Issues {
  readonly byField: ReadonlyMap<string, string>;
  readonly general: readonly FieldIssue[];
}

/**
 * Which problem shows where. A refusal of the extension comes first, then what the service
 * said at the last submit, then the catalog's verdict — the latter only on fields the person
 * has been to (or tried to submit). Problems of fields this model has no control for go to
 * the status box.
 */
export function issuesOf(page: PageState): Issues {
  const model = modelOf(page.form);
  const known = new Set(['model', 'prompt', ...model.options.map((o) => o.key), ...model.slots.map((s) => s.field)]);
  const touched = new Set(page.form.touched);
  const byField = new Map<string, string>();
  const general: FieldIssue[] = [];
  for (const [field, message] of Object.entries(page.refusals)) if (message && known.has(field)) byField.set(field, message);
  for (const issue of page.form.serviceIssues) {
    if (!known.has(issue.field)) general.push(issue);
    else if (!byField.has(issue.field)) byField.set(issue.field, issue.message);
  }
  for (const issue of validate(page.form)) {
    if (touched.has(issue.field) && known.has(issue.field) && !byField.has(issue.field)) byField.set(issue.field, issue.message);
  }
  return { byField, general };
}
