// What the continuity tools tell the model: the frame veoStudio_saveFrame saved (where, from
// which video, at what time and size, and what it can do with it next), and why a frame
// could not be read — with what the person can do, since a frame is read by VS Code's own
// video player in a small panel, not by a tool the agent could swap. Model-facing English.

export interface SavedFrameFacts {
  /** The PNG, workspace-relative. */
  readonly file: string;
  /** The video it is a frame of, workspace-relative. */
  readonly video: string;
  /** Seconds into the video. */
  readonly at: number;
  readonly width: number;
  readonly height: number;
  /** Whether the video's sidecar lists it. */
  readonly recorded: boolean;
}

export function savedFrameText(f: SavedFrameFacts): string {
  return [
    `Saved the frame at ${f.at} s of ${f.video} as ${f.file} (a ${f.width}×${f.height} PNG). Free: nothing was sent to Veo.`,
    f.recorded ? "It is listed in the video's .json sidecar." : 'The video has no Veo Studio sidecar, so the frame is not listed in one.',
    `To make a clip that starts from it, call veoStudio_continueFromFrame with {"frame": "${f.file}", "prompt": "…what happens next…"}; that costs money, and the person is asked first. It can also be a start image for veoStudio_generateVideo.`,
  ].join('\n');
}

/** The frame could not be read (the decoder's reason, as the person would read it). */
export function frameFailedText(reason: string, lead: string): string {
  return [
    `${lead} The frame could not be read: ${reason}`,
    'Veo Studio reads frames with VS Code\'s own video player, in a small "reading a frame" panel that opens beside the editor for a moment; it needs a VS Code window that can show it. If the video plays in Veo Studio\'s preview, the person can save the frame there (Save Frame) and you can then continue from that PNG with "frame".',
  ].join('\n');
}
