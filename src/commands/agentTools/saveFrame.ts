// veoStudio_saveFrame: one frame of a saved video as a PNG, through the Save Frame command
// itself (decoded by VS Code's video player in its small panel, written under
// `<output folder>/frames/` without replacing any file, listed in the video's sidecar).
// Free and local: it sends nothing to Veo, so it asks nothing.
import * as vscode from 'vscode';
import { frameFailedText, savedFrameText } from '../../core/agent/frameText';
import { parseSaveFrameInput } from '../../core/agent/toolInputs';
import { TOOLS } from '../../platform/ids';
import { relativePath } from './confirmations';
import { agentVideo, FrameUnreadable, readFrame } from './frameSource';
import { defineTool, type AgentTool, type ToolDeps } from './tool';

const LEAD = 'No frame was saved.';

export function saveFrameTool(deps: ToolDeps): AgentTool {
  const { manager, log } = deps.services;
  return defineTool(deps, {
    name: TOOLS.saveFrame,
    working: vscode.l10n.t('Saving a frame of the video'),
    lead: LEAD,
    run: async (input) => {
      const { video, at } = parseSaveFrameInput(input);
      const ref = await agentVideo(manager.store, video);
      try {
        const frame = await readFrame(ref, at);
        log.info(`agent tool ${TOOLS.saveFrame}: ${frame.file}`);
        return savedFrameText({ ...frame, file: relativePath(frame.file), video: relativePath(ref.file) });
      } catch (error) {
        if (error instanceof FrameUnreadable) return frameFailedText(error.message, LEAD);
        throw error;
      }
    },
  });
}
