// The shape every agent tool shares: its work as text in, text out, and one wrapper that
// turns any failure into text the model can act on (results.ts), logs it, and keeps the key
// out of the answer. A prepareInvocation that fails asks nothing — there is nothing it
// could confirm — and its invoke then answers with the same problem.
import * as vscode from 'vscode';
import type { ToolName } from '../../platform/ids';
import type { Services } from '../../platform/services';
import { problemText, textResult } from './results';
import type { SpendGate } from './spendGate';

export interface ToolDeps {
  readonly services: Services;
  readonly gate: SpendGate;
  /** veoStudio.agentTools.enabled: off, a tool refuses even before VS Code has dropped it. */
  readonly enabled: () => boolean;
}

export const TURNED_OFF_TEXT =
  "Veo Studio's agent tools are turned off (the veoStudio.agentTools.enabled setting), so nothing was done. Only the person can turn them on again.";

export interface AgentTool {
  readonly name: ToolName;
  readonly tool: vscode.LanguageModelTool<unknown>;
}

export interface ToolSpec {
  readonly name: ToolName;
  /** Shown while it runs ("Estimating the cost"). */
  readonly working: string;
  /** What did not happen when it fails ("Nothing was sent."). */
  readonly lead: string;
  /** The confirmation of a tool that spends; undefined: nothing to confirm. */
  prepare?(input: unknown, token: vscode.CancellationToken): Promise<vscode.PreparedToolInvocation | undefined>;
  run(input: unknown, options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<string>;
}

export function defineTool({ services, enabled }: ToolDeps, spec: ToolSpec): AgentTool {
  const { log, keys } = services;
  return {
    name: spec.name,
    tool: {
      prepareInvocation: async (options, token) => {
        if (!spec.prepare || !enabled()) return { invocationMessage: spec.working };
        try {
          return (await spec.prepare(options.input, token)) ?? { invocationMessage: spec.working };
        } catch (error) {
          log.info(`agent tool ${spec.name}: nothing to confirm (${error instanceof Error ? error.message : String(error)})`);
          return { invocationMessage: spec.working };
        }
      },
      invoke: async (options, token) => {
        let text: string;
        try {
          text = enabled() ? await spec.run(options.input, options, token) : TURNED_OFF_TEXT;
        } catch (error) {
          log.warn(`agent tool ${spec.name} failed: ${error instanceof Error ? error.message : String(error)}`);
          text = problemText(error, spec.lead);
        }
        return textResult(text, keys.knownSecrets());
      },
    },
  };
}
