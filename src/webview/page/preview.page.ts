// The preview page: says `ready`, then renders whatever view the extension sends. It keeps
// only the shown job's id as its state, so VS Code can restore the panel after a reload.
import { fromPageSchema, previewStateSchema, toPageSchema, type FromPage, type PreviewState, type ToPage } from '../preview/protocol';
import { renderGone, renderView } from './preview/render';
import { loadBundle } from './shared/l10n';
import { connect, initData } from './shared/channel';

loadBundle();
const channel = connect<ToPage, FromPage, PreviewState>({ incoming: toPageSchema, outgoing: fromPageSchema });
const root = document.getElementById('app')!;

// Remember the job right away, so a reload before the first view still restores it.
const init = previewStateSchema.safeParse(initData());
if (init.success) channel.setState(init.data);

channel.onMessage((message) => {
  switch (message.type) {
    case 'show':
      channel.setState({ jobId: message.view.jobId });
      renderView({ root, post: channel.post }, message.view);
      return;
    case 'gone':
      renderGone(root, message.message);
      return;
  }
});

channel.post({ type: 'ready' });
