// The sequence page: says `ready`, then plays the shot list the extension sends and keeps
// it up to date. It keeps the list's path as its state, so VS Code can bring the panel back
// after a reload.
import { sequenceFromPageSchema, sequenceStateSchema, sequenceToPageSchema, type SequenceFromPage, type SequenceState, type SequenceToPage } from '../sequence/protocol';
import { SequencePlayer } from './sequence/render';
import { loadBundle } from './shared/l10n';
import { connect, initData } from './shared/channel';

loadBundle();
const channel = connect<SequenceToPage, SequenceFromPage, SequenceState>({ incoming: sequenceToPageSchema, outgoing: sequenceFromPageSchema });
const player = new SequencePlayer({ root: document.getElementById('app')!, post: channel.post });

const init = sequenceStateSchema.safeParse(initData());
if (init.success) channel.setState({ shotList: init.data.shotList });

channel.onMessage((message) => {
  if (message.type === 'show') player.show(message.view);
});

channel.post({ type: 'ready' });
