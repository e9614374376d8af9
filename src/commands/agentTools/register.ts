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

/** How long VS Code may take to take the tools off its list once they are turned off. */
const LEAVE_TIMEOUT_MS = 5_000;

export function registerAgentTools(services: Services): vscode.Disposable {
  const gate = new SpendGate(services.exposeHandles);
  let enabled = readSettings().agentToolsEnabled;
  const tools = agentTools({ services, gate, enabled: () => enabled });
  const names = new Set<string>(tools.map((t) => t.name));
  let registered: vscode.Disposable | undefined;
  let leaving: vscode.Disposable | undefined;

  const sync = () => {
    enabled = readSettings().agentToolsEnabled;
    if (enabled) {
      // Turned on again before the old registrations left: they stay.
      if (leaving) [registered, leaving] = [leaving, undefined];
      if (!registered) {
        registered = vscode.Disposable.from(...tools.map((t) => vscode.lm.registerTool(t.name, t.tool)));
        services.log.info(`agent tools registered: ${[...names].join(', ')}`);
      }
      return;
    }
    if (!registered) return;
    // Off: the tools refuse at once, and `when` takes them off VS Code's list. VS Code 1.100's
    // extension host drops a tool from vscode.lm.tools only while the tool is registered in
    // it, so the registrations go once the list no longer has them (or after a while).
    leaving = registered;
    registered = undefined;
    const going = leaving;
    void waitFor(() => !vscode.lm.tools.some((t) => names.has(t.name)), LEAVE_TIMEOUT_MS).then(() => {
      if (leaving !== going) return;
      going.dispose();
      leaving = undefined;
      services.log.info('agent tools removed (veoStudio.agentTools.enabled is off)');
    });
  };
  sync();
  const subscriptions: vscode.Disposable[] = [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.agentToolsEnabled}`)) sync();
    }),
    { dispose: () => (registered ?? leaving)?.dispose() },
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

/** Resolves once `done()` holds (checked every 100 ms) or `timeoutMs` has passed. */
function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => (done() || Date.now() > end ? resolve() : setTimeout(check, 100));
    check();
  });
}
