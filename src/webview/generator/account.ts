// What the generator shows about the account: whether a key is set, and the balance when
// the service tells it. The balance is cached for a while because the page says `ready`
// each time the panel is shown; one cache for the one panel, kept by the host so a new
// panel does not ask again at once.
import type { VeoClient } from '../../core/api/client';
import type { Balance } from '../../core/api/wire';
import type { Log } from '../../platform/log';

/** A balance is asked for at most this often (unless a fresh one is wanted). */
const BALANCE_TTL_MS = 30_000;
const BALANCE_TIMEOUT_MS = 8_000;

export interface Account {
  readonly hasKey: boolean;
  readonly balance: Balance | undefined;
}

export interface AccountDeps {
  readonly keys: { has(): Promise<boolean> };
  readonly client: Pick<VeoClient, 'getBalance'>;
  readonly log: Log;
  readonly now?: () => number;
}

export class AccountCache {
  private cached: { at: number; balance: Balance | undefined } | undefined;

  constructor(private readonly deps: AccountDeps) {}

  /** Whether a key is set, and the balance when the service tells it (never fails). */
  async get(fresh: boolean): Promise<Account> {
    const now = this.deps.now ?? Date.now;
    // A secret storage that fails has been told about by the key store: no key, for the page.
    const hasKey = await this.deps.keys.has().catch(() => false);
    if (!hasKey) {
      this.cached = undefined;
      return { hasKey, balance: undefined };
    }
    if (!fresh && this.cached && now() - this.cached.at < BALANCE_TTL_MS) return { hasKey, balance: this.cached.balance };
    const balance = await this.deps.client.getBalance({ timeoutMs: BALANCE_TIMEOUT_MS }).catch((error: unknown) => {
      this.deps.log.info(`Generator panel: balance unavailable (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    });
    this.cached = { at: now(), balance };
    return { hasKey, balance };
  }
}
