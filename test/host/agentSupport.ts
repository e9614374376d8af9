// Helpers for the agent tools' suites: the test-only handle (the tools as registered, and
// the answer to their confirmations, since no chat model or person is here), invoking a
// tool as another extension would (vscode.lm.invokeTool, outside a chat), and reading its
// text. Every text any tool answered is kept, to prove the key is never in one.
import * as vscode from 'vscode';
import type { AgentToolsHandle } from '../../src/commands/agentTools/register';
import { TEST_COMMANDS, type ToolName } from '../../src/platform/ids';

export const answered: string[] = [];

export async function toolsHandle(): Promise<AgentToolsHandle> {
  const handle = await vscode.commands.executeCommand<AgentToolsHandle | undefined>(TEST_COMMANDS.agentTools);
  if (!handle) throw new Error('the agent tools handle is only there in ExtensionMode.Test');
  return handle;
}

export function textOf(result: vscode.LanguageModelToolResult): string {
  const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
  answered.push(text);
  return text;
}

/** The tool through VS Code, outside a chat (no toolInvocationToken), as another extension calls it. */
export async function invoke(name: ToolName, input: object): Promise<string> {
  return textOf(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));
}

const token = () => new vscode.CancellationTokenSource().token;

/** What VS Code would get from the registered tool's prepareInvocation. */
export async function prepare(handle: AgentToolsHandle, name: ToolName, input: object): Promise<vscode.PreparedToolInvocation | undefined> {
  const tool = handle.tool(name);
  if (!tool?.prepareInvocation) throw new Error(`${name} is not registered`);
  return (await tool.prepareInvocation({ input }, token())) ?? undefined;
}

/** The registered tool's invoke, called as VS Code calls it after a confirmation. */
export async function invokeDirectly(handle: AgentToolsHandle, name: ToolName, input: object): Promise<string> {
  const tool = handle.tool(name);
  if (!tool) throw new Error(`${name} is not registered`);
  const result = await tool.invoke({ input, toolInvocationToken: undefined }, token());
  if (!result) throw new Error(`${name} answered nothing`);
  return textOf(result);
}

/** A confirmation's message as text: the Markdown's bold labels, line breaks and escapes undone. */
export function messageText(prepared: vscode.PreparedToolInvocation | undefined): string {
  const message = prepared?.confirmationMessages?.message;
  const value = typeof message === 'string' ? message : (message?.value ?? '');
  return value
    .replace(/(?<!\\)\*\*/g, '')
    .replace(/ {2}\n/g, '\n')
    .replace(/\\(.)/g, '$1');
}

/** Waits until `probe` holds, checking every 100 ms (VS Code publishes tool changes with a delay). */
export async function until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
