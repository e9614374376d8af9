// The rule of the paying tools: nothing is sent without the person's yes to exactly what
// will be sent. prepareInvocation hands VS Code a confirmation (title + message: model,
// prompt, images, options, the estimate with its basis, the balance, any budget passed)
// and notes it; VS Code 1.100 asks the person with it before invoke — inline in chat, or in
// a modal dialog when another extension calls vscode.lm.invokeTool outside a chat. When
// invoke finds no such note for its input (VS Code did not ask, or the input changed), it
// asks the person itself in a modal (core/agent/prepared.ts has the bookkeeping). Passing a
// budget is always asked in that modal, as on every other route: a chat confirmation may
// have been given by VS Code itself (the person chose "Always Allow" for the tool), and a
// budget is the person's own limit.
//
// Tests (ExtensionMode.Test only) can set the answer: then prepareInvocation keeps its
// confirmation back (a workbench dialog would wait for a click no test can give) and the
// tool's own question is answered with it — the same path, with the person's click
// replaced. Every confirmation made is kept, as plain text, for the tests to read.
import * as vscode from 'vscode';
import { PreparedConfirmations } from '../../core/agent/prepared';
import type { ToolName } from '../../platform/ids';
import { notify } from '../../platform/messages';

export interface ConfirmationLine {
  readonly label?: string;
  readonly text: string;
}

export interface Confirmation {
  readonly title: string;
  readonly lines: readonly ConfirmationLine[];
  /** Whether it says that a budget would be passed (asked in a modal, its yes approves that too). */
  readonly overBudget: boolean;
}

/** A confirmation as plain text, as the tests read it. */
export interface ConfirmationText {
  readonly tool: ToolName;
  readonly title: string;
  readonly message: string;
}

export interface Approval {
  readonly approved: boolean;
  /** The person approved passing a budget (send with allowOverBudget). */
  readonly overBudget: boolean;
}

/** Markdown's special characters, escaped, so a prompt or a path reads as the text it is. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-!~<>|$]/g, '\\$&').replace(/^(\s*\d+)\./, '$1\\.');
}

export function plainText(c: Confirmation): string {
  return c.lines.map((l) => (l.label ? `${l.label}: ${l.text}` : l.text)).join('\n');
}

function markdown(c: Confirmation): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(c.lines.map((l) => (l.label ? `**${escapeMarkdown(l.label)}:** ${escapeMarkdown(l.text)}` : escapeMarkdown(l.text))).join('  \n'));
  return md;
}

export class SpendGate {
  private readonly notes = new PreparedConfirmations<true>(() => Date.now());
  private testAnswer: boolean | undefined;
  private readonly preparedLog: ConfirmationText[] = [];
  private readonly askedLog: ConfirmationText[] = [];

  /** `testMode`: the extension's own tests (ExtensionMode.Test) may answer, and read what was shown. */
  constructor(private readonly testMode: boolean) {}

  /** prepareInvocation's answer for a paying tool about to spend: the confirmation VS Code shows. */
  prepare(tool: ToolName, key: string, c: Confirmation, invocationMessage: string): vscode.PreparedToolInvocation {
    if (this.testMode) this.preparedLog.push({ tool, title: c.title, message: plainText(c) });
    if (this.testAnswer !== undefined) return { invocationMessage };
    this.notes.add(key, true);
    return { invocationMessage, confirmationMessages: { title: c.title, message: markdown(c) } };
  }

  /**
   * In invoke: whether the person said yes to this input — to the confirmation VS Code showed
   * for it, or else to the question asked here with `build()`'s confirmation, which is also
   * asked whenever the request, priced now, would pass a budget (`passes` false).
   */
  async approve(tool: ToolName, key: string, passes: boolean, build: () => Promise<Confirmation>): Promise<Approval> {
    const confirmed = this.notes.take(key) === true;
    if (confirmed && passes) return { approved: true, overBudget: false };
    const c = await build();
    const yes = await this.ask(tool, c);
    return { approved: yes, overBudget: yes && !passes };
  }

  private async ask(tool: ToolName, c: Confirmation): Promise<boolean> {
    if (this.testMode) this.askedLog.push({ tool, title: c.title, message: plainText(c) });
    if (this.testAnswer !== undefined) return this.testAnswer;
    const go = c.overBudget ? vscode.l10n.t('Generate Anyway') : vscode.l10n.t('Generate');
    const show = c.overBudget ? notify.warning : notify.info;
    return (await show(c.title, { modal: true, detail: plainText(c) }, go)) === go;
  }

  // ---- the tests' handle (ExtensionMode.Test only) ----------------------------------------

  /** Answer every confirmation with this from now on (undefined: ask the person, as normally). */
  answerForTests(answer: boolean | undefined): void {
    if (!this.testMode) throw new Error('Only the extension tests may answer confirmations.');
    this.testAnswer = answer;
  }

  /** Confirmations made for VS Code (or kept back while tests answer), oldest first. */
  get prepared(): readonly ConfirmationText[] {
    return this.preparedLog;
  }

  /** Questions the tools asked themselves, oldest first. */
  get asked(): readonly ConfirmationText[] {
    return this.askedLog;
  }

  clearLogs(): void {
    this.preparedLog.length = 0;
    this.askedLog.length = 0;
  }
}
