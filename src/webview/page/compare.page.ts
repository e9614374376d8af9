// The compare page: says `ready`, then shows the two videos the extension sends. It keeps
// their paths as its state, so VS Code can bring the panel back after a reload.
import { compareFromPageSchema, compareStateSchema, compareToPageSchema, type CompareFromPage, type CompareState, type CompareToPage } from '../compare/protocol';
import { renderCompare } from './compare/render';
import { loadBundle } from './shared/l10n';
import { connect, initData } from './shared/channel';

loadBundle();
const channel = connect<CompareToPage, CompareFromPage, CompareState>({ incoming: compareToPageSchema, outgoing: compareFromPageSchema });
const root = document.getElementById('app')!;

const init = compareStateSchema.safeParse(initData());
if (init.success) channel.setState(init.data);

channel.onMessage((message) => {
  if (message.type === 'show') renderCompare({ root, post: channel.post }, message.view);
});

channel.post({ type: 'ready' });
