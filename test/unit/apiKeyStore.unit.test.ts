// The key's store when VS Code's secret storage fails (Linux without a keyring, a locked
// keychain): every read says so with a KeyStoreError, the person is told once (not at every
// read), and nothing is left as an unhandled rejection — not even a change from another window.
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { KeyStoreError } from '../../src/core/api/errors';
import { ApiKeyStore } from '../../src/platform/apiKey';

const BROKEN = 'Cannot find a keyring (org.freedesktop.secrets)';

/** A SecretStorage whose every call fails, with a way to fire its change event. */
function brokenSecrets(): { secrets: vscode.SecretStorage; fireChange(): void } {
  const listeners: Array<(e: vscode.SecretStorageChangeEvent) => unknown> = [];
  const fail = () => Promise.reject(new Error(BROKEN));
  const secrets = {
    get: fail,
    store: fail,
    delete: fail,
    keys: fail,
    onDidChange: (listener: (e: vscode.SecretStorageChangeEvent) => unknown) => {
      listeners.push(listener);
      return { dispose: () => undefined };
    },
  } as unknown as vscode.SecretStorage;
  return { secrets, fireChange: () => listeners.forEach((l) => void l({ key: 'veoStudio.apiKey' })) };
}

describe('the API key store when secret storage fails', () => {
  it('19: every read rejects with a KeyStoreError that names the cause, and the person is told once', async () => {
    const told: KeyStoreError[] = [];
    const { secrets } = brokenSecrets();
    const keys = new ApiKeyStore(secrets, (error) => told.push(error));
    for (let i = 0; i < 3; i++) {
      await assert.rejects(keys.has(), (error: Error) => error instanceof KeyStoreError && error.message.includes(BROKEN) && /secret storage/.test(error.message));
    }
    await assert.rejects(keys.get(), KeyStoreError);
    await assert.rejects(keys.set('k'), KeyStoreError);
    assert.equal(told.length, 1, 'told once');
    keys.dispose();
  });

  it('19: a change from another window while the store is broken leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { secrets, fireChange } = brokenSecrets();
      const keys = new ApiKeyStore(secrets, () => undefined);
      fireChange();
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
      keys.dispose();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
