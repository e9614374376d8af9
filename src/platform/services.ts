// What every feature is given: the extension's long-lived services, built once by the
// composition root (src/extension.ts). A feature is `(services) => Disposable`: it
// registers its commands, views or panels and hands back one thing to dispose, so the
// composition root is a list.
import type * as vscode from 'vscode';
import type { VeoClient } from '../core/api/client';
import type { JobManager } from '../core/jobs/jobManager';
import type { PriceBook } from '../core/money/priceBook';
import type { RunRecords } from '../core/shotList/runRecords';
import type { ShotListRuns } from '../core/shotList/runs';
import type { ApiKeyStore } from './apiKey';
import type { Log } from './log';
import type { PosterCache } from './posters';
import type { RunOwners } from './runOwners';
import type { ShotTakes } from './shotTakes';

/** A client like the extension's own, but speaking with the given key: to check a key before it is kept. */
export type ClientForKey = (key: string) => Pick<VeoClient, 'getBalance'>;

export interface Services {
  readonly extensionUri: vscode.Uri;
  /** The one owner of jobs; read them through `manager.store`. */
  readonly manager: JobManager;
  readonly prices: PriceBook;
  readonly client: VeoClient;
  readonly clientFor: ClientForKey;
  readonly keys: ApiKeyStore;
  readonly log: Log;
  /** The extension's global state (remembered choices). */
  readonly memento: vscode.Memento;
  /** Shot lists being sent, with the shots that still wait for a slot. */
  readonly shotListRuns: ShotListRuns;
  /** Shot-list runs on disk (workspace storage), so a reload carries them on. */
  readonly runRecords: RunRecords;
  /** Which runs are alive here or in another window: one window carries a run on. */
  readonly runOwners: RunOwners;
  /** Small first frames of saved videos, in the extension's storage (the Jobs view's posters). */
  readonly posters: PosterCache;
  /** The takes of each shot of the shot lists, and each shot's state. */
  readonly takes: ShotTakes;
  /**
   * Whether commands that open a panel hand its message channel back: only to the
   * extension's own tests (ExtensionMode.Test), so no other extension can speak for a page.
   */
  readonly exposeHandles: boolean;
}

export type Feature = (services: Services) => vscode.Disposable;
