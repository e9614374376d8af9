// Which confirmations a paying tool has handed VS Code, so that `invoke` knows whether the
// person was asked about exactly this input. VS Code 1.100 calls a tool's
// prepareInvocation before every invoke and, when it returns confirmation messages, asks
// the person before invoking — inline in chat, or in a modal dialog when the tool is
// invoked outside a chat (vscode.lm.invokeTool without a toolInvocationToken). A tool that
// reaches `invoke` for an input it has no prepared confirmation for was not confirmed by
// VS Code (or the input changed after the person saw it), and asks itself.
//
// A record is taken once (one yes pays for one video), and expires, so a question the
// person never answered cannot vouch for a call long after.
import { createHash } from 'node:crypto';

/** Long enough for a person to read a confirmation and decide; short enough to be this conversation. */
export const PREPARED_TTL_MS = 30 * 60_000;
const MAX_RECORDS = 100;

/** The same JSON for the same value, whatever the order of its keys. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a confirmation was about: the tool, its input, and (for a shot list) the text of the file it runs. */
export function confirmationKey(tool: string, input: unknown, content = ''): string {
  const digest = content ? createHash('sha256').update(content).digest('hex') : '';
  return `${tool}\u0000${stableJson(input ?? {})}\u0000${digest}`;
}

export class PreparedConfirmations<T> {
  private readonly records: Array<{ readonly key: string; readonly at: number; readonly value: T }> = [];

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = PREPARED_TTL_MS,
  ) {}

  /** VS Code was handed a confirmation for `key`; `value` is kept with it. */
  add(key: string, value: T): void {
    this.prune();
    this.records.push({ key, at: this.now(), value });
    if (this.records.length > MAX_RECORDS) this.records.shift();
  }

  /** The newest unexpired record for `key`, removed; undefined when there is none. */
  take(key: string): T | undefined {
    this.prune();
    for (let i = this.records.length - 1; i >= 0; i--) {
      if (this.records[i]!.key === key) return this.records.splice(i, 1)[0]!.value;
    }
    return undefined;
  }

  get size(): number {
    this.prune();
    return this.records.length;
  }

  private prune(): void {
    const oldest = this.now() - this.ttlMs;
    while (this.records.length && this.records[0]!.at < oldest) this.records.shift();
  }
}
