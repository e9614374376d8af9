// The renders under way in this window, each with how far it got and its Cancel. The
// progress notification is what a person sees; this is what the extension's own tests see
// and press (TEST_COMMANDS.renders, registered in test mode only), since they cannot click
// a notification's button.
export interface RenderRun {
  readonly shotList: string;
  /** 0–1, as ffmpeg last reported. */
  readonly fraction: number;
  /** Whether ffmpeg has reported any progress yet (it is running). */
  readonly started: boolean;
}

/** What the test command hands back. */
export interface RendersHandle {
  running(): RenderRun[];
  /** Cancels every render under way, as the notification's Cancel does; returns how many. */
  cancelAll(): number;
}

interface Entry {
  shotList: string;
  fraction: number;
  started: boolean;
  readonly cancel: () => void;
}

export class RenderRuns {
  private readonly entries = new Set<Entry>();

  /** A render begins; the answer reports its progress and says when it ended. */
  begin(shotList: string, cancel: () => void): { progress(fraction: number): void; end(): void } {
    const entry: Entry = { shotList, fraction: 0, started: false, cancel };
    this.entries.add(entry);
    return {
      progress: (fraction) => {
        entry.fraction = fraction;
        entry.started = true;
      },
      end: () => void this.entries.delete(entry),
    };
  }

  handle(): RendersHandle {
    return {
      running: () => [...this.entries].map(({ shotList, fraction, started }) => ({ shotList, fraction, started })),
      cancelAll: () => {
        const all = [...this.entries];
        for (const e of all) e.cancel();
        return all.length;
      },
    };
  }
}
