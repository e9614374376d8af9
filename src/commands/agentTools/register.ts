// The chat agent's tools (this folder): registered with vscode.lm.registerTool
// while veoStudio.agentTools.enabled is on (package.json's `when` takes them out of the
// agent's list too), and removed when it is turned off. In the extension's own tests a
// hidden command hands over the registered tools and the answer to their confirmations,
// since no chat model is there to call them.
import * as vscode from 'vscode';
import { SETTINGS, TEST_COMMANDS, type ToolName } from '../../platform/ids';
import type { Services } from '../../platform/services';
import { readSettings } from '../../platform/settings';
import { SpendGate, type ConfirmationText } from './spendGate';
import { agentTools } from './tools';

/** What the extension's tests get (ExtensionMode.Test only). */
export interface AgentToolsHandle {
  /** The tool registered under this name; undefined while the tools are off. */
  tool(name: ToolName): vscode.LanguageModelTool<unknown> | undefined;
  /**
   * From now on answer every confirmation with this, instead of the person (undefined:
   * back to normal). While set, prepareInvocation gives VS Code no confirmation to show,
   * and the tool asks — and is answered — itself.
   */
  answerConfirmations(answer: boolean | undefined): void;
  /** Confirmations made for VS Code, as plain text, oldest first. */
  prepared(): readonly ConfirmationText[];
  /** Questions the tools asked themselves, as plain text, oldest first. */
  asked(): readonly ConfirmationText[];
  clearLogs(): void;
}

export function registerAgentTools(services: Services): vscode.Disposable {
  const gate = new SpendGate(services.exposeHandles);
  const tools = agentTools({ services, gate });
  let registered: vscode.Disposable | undefined;
  const sync = () => {
    const enabled = readSettings().agentToolsEnabled;
    if (enabled && !registered) {
      registered = vscode.Disposable.from(...tools.map((t) => vscode.lm.registerTool(t.name, t.tool)));
      services.log.info(`agent tools registered: ${tools.map((t) => t.name).join(', ')}`);
    } else if (!enabled && registered) {
      registered.dispose();
      registered = undefined;
      services.log.info('agent tools removed (veoStudio.agentTools.enabled is off)');
    }
  };
  sync();
  const subscriptions: vscode.Disposable[] = [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.agentToolsEnabled}`)) sync();
    }),
    { dispose: () => registered?.dispose() },
  ];
  if (services.exposeHandles) {
    const handle: AgentToolsHandle = {
      tool: (name) => (registered ? tools.find((t) => t.name === name)?.tool : undefined),
      answerConfirmations: (answer) => gate.answerForTests(answer),
      prepared: () => [...gate.prepared],
      asked: () => [...gate.asked],
      clearLogs: () => gate.clearLogs(),
    };
    subscriptions.push(vscode.commands.registerCommand(TEST_COMMANDS.agentTools, () => handle));
  }
  return vscode.Disposable.from(...subscriptions);
}
