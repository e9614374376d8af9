// Two videos as one: play, pause, seek and step together. The longer one leads; while both
// play, the other is pulled back to it whenever they drift apart by more than a frame's
// worth, and when the leader ends both stop. A step is one frame of Veo's 24 fps.
export const FRAME_SECONDS = 1 / 24;
/** How far apart they may drift while playing before the follower is moved. */
const DRIFT_SECONDS = 0.04;

export class SyncedPair {
  private frame = 0;
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly a: HTMLVideoElement,
    private readonly b: HTMLVideoElement,
  ) {
    for (const video of [a, b]) {
      video.addEventListener('loadedmetadata', () => this.changed());
      video.addEventListener('ended', () => {
        if (video === this.leader) this.pause();
      });
    }
  }

  /** Called on every change worth showing (play, pause, a new time). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The longer of the two (the left while their lengths are not known). */
  private get leader(): HTMLVideoElement {
    const da = Number.isFinite(this.a.duration) ? this.a.duration : 0;
    const db = Number.isFinite(this.b.duration) ? this.b.duration : 0;
    return db > da ? this.b : this.a;
  }

  private get follower(): HTMLVideoElement {
    return this.leader === this.a ? this.b : this.a;
  }

  get playing(): boolean {
    return !this.leader.paused;
  }

  get time(): number {
    return this.leader.currentTime;
  }

  get duration(): number {
    const d = this.leader.duration;
    return Number.isFinite(d) ? d : 0;
  }

  async play(): Promise<void> {
    if (this.leader.ended || this.time >= this.duration - 0.001) this.seek(0);
    this.align();
    await Promise.all([this.a.play(), this.b.play()]);
    this.loop();
    this.changed();
  }

  pause(): void {
    this.a.pause();
    this.b.pause();
    cancelAnimationFrame(this.frame);
    this.align();
    this.changed();
  }

  toggle(): Promise<void> {
    if (this.playing) {
      this.pause();
      return Promise.resolve();
    }
    return this.play();
  }

  /** Both to `seconds` (each within its own length). */
  seek(seconds: number): void {
    const t = Math.max(0, Math.min(seconds, this.duration || seconds));
    for (const video of [this.a, this.b]) video.currentTime = Math.min(t, Number.isFinite(video.duration) ? video.duration : t);
    this.changed();
  }

  /** Pauses both and moves them `frames` frames on (or back, when negative). */
  step(frames: number): void {
    this.pause();
    this.seek(this.time + frames * FRAME_SECONDS);
  }

  /** The follower to the leader's time, where it has that time. */
  private align(): void {
    const follower = this.follower;
    const t = this.leader.currentTime;
    const end = Number.isFinite(follower.duration) ? follower.duration : t;
    if (t <= end && Math.abs(follower.currentTime - t) > DRIFT_SECONDS) follower.currentTime = t;
  }

  private loop(): void {
    cancelAnimationFrame(this.frame);
    const tick = () => {
      if (!this.playing) return;
      this.align();
      this.changed();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
