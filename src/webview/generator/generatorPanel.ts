// The generator panel: one webview where a person picks a model, writes the prompt, fills
// the model's media slots, sets its options, sees the cost, and submits — as often as they
// like, since the form stays. This file owns the panel: the command that opens it (with an
// optional pre-fill), the serializer that revives it after a reload, and the rule that
// there is one at a time. What happens inside an open panel is session.ts.
import * as vscode from 'vscode';
import { registerCommands } from '../../platform/commands';
import { COMMANDS, PANELS } from '../../platform/ids';
import type { Services } from '../../platform/services';
import { workspaceRoots } from '../../platform/workspaceFolders';
import { localRoots } from '../html';
import { AccountCache } from './account';
import { isPrefillArg } from './prefill';
import { GeneratorSession, type GeneratorHandle, type SessionDeps } from './session';

export type { GeneratorHandle } from './session';

/** Registers the command, the serializer that revives the panel after a reload, and owns the panel. */
export function registerGenerator(services: Services): vscode.Disposable {
  const host = new GeneratorHost(services, new AccountCache(services));
  return vscode.Disposable.from(
    host,
    registerCommands(services.log, [
      {
        id: COMMANDS.openGenerator,
        run: async (arg) => {
          const handle = await host.open(arg);
          return services.exposeHandles ? handle : undefined;
        },
      },
    ]),
    vscode.window.registerWebviewPanelSerializer(PANELS.generator, {
      deserializeWebviewPanel: async (panel) => {
        host.adopt(panel);
      },
    }),
  );
}

class GeneratorHost implements vscode.Disposable {
  private current: GeneratorSession | undefined;
  private lastId = 0;

  constructor(
    private readonly deps: SessionDeps,
    private readonly account: AccountCache,
  ) {}

  async open(arg: unknown): Promise<GeneratorHandle> {
    let session = this.current;
    if (session) {
      session.reveal();
    } else {
      const created = vscode.window.createWebviewPanel(PANELS.generator, vscode.l10n.t('Veo Studio: Generate'), vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: this.roots(),
      });
      session = this.adopt(created);
    }
    if (isPrefillArg(arg)) await session.prefill(arg);
    return session.handle;
  }

  /** Takes charge of a panel: a new one, or one VS Code restored after a reload. */
  adopt(panel: vscode.WebviewPanel): GeneratorSession {
    this.current?.dispose();
    const session = new GeneratorSession(panel, this.deps, ++this.lastId, {
      roots: () => this.roots(),
      account: (fresh) => this.account.get(fresh),
      onDispose: (s) => {
        if (this.current === s) this.current = undefined;
      },
    });
    this.current = session;
    return session;
  }

  /** The extension's media and bundles, and the workspace folders (for thumbnails): nothing else. */
  private roots(): vscode.Uri[] {
    return localRoots(this.deps.extensionUri, ...workspaceRoots().map((r) => vscode.Uri.file(r)));
  }

  dispose(): void {
    this.current?.dispose();
    this.current = undefined;
  }
}
