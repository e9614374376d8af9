// Sandbox only (never shipped): when the window opens and Veo Studio has no key yet, hand
// it the simulator's demo key through Veo Studio's own automation path, so a newcomer
// can click through the product without an account. The key is worthless outside the
// local simulator.
const vscode = require('vscode');

/** The key the sandbox's simulator accepts; it opens nothing anywhere else. */
const DEMO_KEY = 'sandbox-demo-key';

exports.activate = async function activate() {
  const veo = vscode.extensions.getExtension('veo-studio.veo-studio');
  const api = veo && (await veo.activate());
  if (!api || (await api.hasApiKey())) return;
  try {
    await vscode.commands.executeCommand('veoStudio.setApiKey', DEMO_KEY);
  } catch (error) {
    vscode.window.showWarningMessage(`Sandbox: could not set the demo key: ${error && error.message}`);
  }
};
