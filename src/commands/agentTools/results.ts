// How every agent tool answers: one text part the model can act on. Failures become text
// too — the field and what it allows, what the person must do ("Set API Key"), never a
// stack trace — and every answer passes through the key's redaction first.
import * as vscode from 'vscode';
import { ApiError, AuthError, ValidationError } from '../../core/api/errors';
import { SET_API_KEY_HINT } from '../../core/agent/spendText';
import { redact } from '../../core/util/redact';
import { BudgetError } from '../../platform/spending';

export function textResult(text: string, secrets: readonly string[]): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(redact(text, secrets))]);
}

export const NO_KEY_TEXT = `No AI/ML API key is set, so nothing was sent. ${SET_API_KEY_HINT}`;

export const DECLINED_TEXT = 'The person declined, so nothing was sent and nothing was billed. Do not ask again unless they say so.';

export const CANCELLED_TEXT = 'Cancelled before anything was sent; nothing was billed.';

/**
 * What went wrong, as the model should read it. `lead` says what did not happen
 * ("Nothing was sent.", "No estimate was made.").
 */
export function problemText(error: unknown, lead: string): string {
  if (error instanceof ValidationError && error.issues.length) {
    return [
      `${lead} The input has ${error.issues.length} problem(s):`,
      ...error.issues.map((i) => `- ${i.field}: ${i.message}`),
      'Fix these fields and call the tool again; veoStudio_listModels lists every model with what it takes, its options and their allowed values.',
    ].join('\n');
  }
  if (error instanceof AuthError) {
    return error.reason === 'missing' ? NO_KEY_TEXT : `The AI/ML API rejected the API key (401). ${lead} ${SET_API_KEY_HINT}`;
  }
  if (error instanceof BudgetError) {
    return `${lead} It would now pass the person's budget (their veoStudio.budget settings), and only the person can approve that: call the tool again so they are asked.`;
  }
  if (error instanceof ApiError) return `${lead} ${error.message}`;
  return `${lead} Veo Studio could not do this: ${error instanceof Error ? error.message : String(error)}`;
}
