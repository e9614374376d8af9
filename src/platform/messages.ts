// Every notification Veo Studio shows goes through here (test/unit/messages.unit.test.ts
// holds src/ to that): the message and a modal's detail are defused first
// (core/text/links.ts), so no text from a prompt, a path, a file or the service becomes a
// clickable `command:` link. In the extension's test mode the last messages shown are
// kept, so the in-host tests can count what a person was told.
import * as vscode from 'vscode';
import { defuseLinks } from '../core/text/links';

export type MessageSeverity = 'error' | 'warning' | 'info';

/** A notification as it was shown. */
export interface ShownMessage {
  readonly severity: MessageSeverity;
  readonly message: string;
  readonly detail?: string;
  readonly modal: boolean;
  readonly items: readonly string[];
  /** When it was shown (epoch ms). */
  readonly at: number;
}

/** Errors a person has already been told about (by whoever saw them first). */
const told = new WeakSet<object>();

/** Marks an error as told, so the command that hits it too does not say it again. */
export function markTold(error: object): void {
  told.add(error);
}

export function wasTold(error: unknown): boolean {
  return typeof error === 'object' && error !== null && told.has(error);
}

/** How many shown messages test mode keeps. */
const KEPT = 200;
let kept: ShownMessage[] | undefined;

/** Keeps the messages shown from now on (the extension's test mode only), or stops. */
export function keepShownMessages(on: boolean): void {
  kept = on ? [] : undefined;
}

/** The messages shown since keepShownMessages(true), oldest first. */
export function shownMessages(): readonly ShownMessage[] {
  return [...(kept ?? [])];
}

type Show = <T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]) => Thenable<T | undefined>;

const SHOW: Readonly<Record<MessageSeverity, () => Show>> = {
  error: () => vscode.window.showErrorMessage,
  warning: () => vscode.window.showWarningMessage,
  info: () => vscode.window.showInformationMessage,
};

function show<T extends string>(severity: MessageSeverity, message: string, rest: ReadonlyArray<T | vscode.MessageOptions>): Thenable<T | undefined> {
  const [first, ...others] = rest;
  const given = typeof first === 'object' ? first : undefined;
  const items = (given ? others : rest) as T[];
  const options: vscode.MessageOptions = given ? { ...given, ...(given.detail !== undefined ? { detail: defuseLinks(given.detail) } : {}) } : {};
  const text = defuseLinks(message);
  if (kept) {
    kept.push({ severity, message: text, ...(options.detail !== undefined ? { detail: options.detail } : {}), modal: options.modal === true, items: [...items], at: Date.now() });
    if (kept.length > KEPT) kept.splice(0, kept.length - KEPT);
  }
  return SHOW[severity]()(text, options, ...items);
}

interface Notify {
  <T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
  <T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined>;
}

const notifier =
  (severity: MessageSeverity): Notify =>
  <T extends string>(message: string, ...rest: Array<T | vscode.MessageOptions>) =>
    show<T>(severity, message, rest);

/** The notifications: `notify.error(message, …buttons)`, or with options first (`{ modal, detail }`). */
export const notify: Readonly<Record<MessageSeverity, Notify>> = {
  error: notifier('error'),
  warning: notifier('warning'),
  info: notifier('info'),
};
