// "Generate Video": with an argument object it submits without any UI and returns the job
// id (for keybindings, tasks, other extensions).
import type { JobManager } from '../core/jobs/jobManager';
import { AuthError } from '../core/api/errors';
import type { ApiKeyStore } from '../platform/apiKey';
import { folderOf, workspaceRoots } from '../platform/workspaceFolders';
import { isGenerateArgs, requestFromArgs } from './generateArgs';
import type { CommandSpec } from './registry';

export const GENERATE = 'veoStudio.generate';

export function generateCommands(manager: JobManager, keys: ApiKeyStore): CommandSpec[] {
  return [
    {
      id: GENERATE,
      run: async (arg) => {
        if (!isGenerateArgs(arg)) throw new Error('The interactive flow comes with the generator issue.');
        const request = requestFromArgs(arg);
        if (!(await keys.get())) throw new AuthError('missing');
        const firstFile = Object.values(request.media)
          .flatMap((v) => (Array.isArray(v) ? v : [v]))
          .find((r) => r?.kind === 'file');
        const workspaceFolder = folderOf(firstFile?.kind === 'file' ? firstFile.path : undefined) ?? workspaceRoots()[0];
        const job = await manager.submit({ request, ...(workspaceFolder ? { workspaceFolder } : {}) });
        return job.id;
      },
      rethrow: (arg) => isGenerateArgs(arg),
    },
  ];
}
