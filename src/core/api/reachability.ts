// Whether the service can be reached at all, as the requests to it find out: a request that
// cannot get through (no connection, no answer in time) marks it unreachable; the first
// answer after that — any status the service chose — marks it back, and fires
// onDidReconnect, so whatever waits for the network (checks in backoff, saves, …) goes on at
// once instead of at the end of its own backoff. Answers that prove nothing either way (a
// request we aborted, an unreadable body that may be a captive portal) change nothing.
import { Emitter } from '../util/events';
import { isServiceAnswer, isUnreachable } from './errors';

export class Reachability {
  private unreachable = false;
  private readonly _onDidReconnect = new Emitter<void>();
  /** The service answered again after requests could not reach it. */
  readonly onDidReconnect = this._onDidReconnect.event;

  get isUnreachable(): boolean {
    return this.unreachable;
  }

  /** Passes a request's outcome through, noting what it says about the connection. */
  watch<T>(request: Promise<T>): Promise<T> {
    return request.then(
      (value) => {
        this.answered();
        return value;
      },
      (error: unknown) => {
        if (isUnreachable(error)) this.unreachable = true;
        else if (isServiceAnswer(error)) this.answered();
        throw error;
      },
    );
  }

  private answered(): void {
    if (!this.unreachable) return;
    this.unreachable = false;
    this._onDidReconnect.fire();
  }

  dispose(): void {
    this._onDidReconnect.dispose();
  }
}
