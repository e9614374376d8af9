// Entry of the generator panel's page (bundled to dist/webview/generator.page.js). It runs
// in the webview with no access to files, the network or the API key: it builds the form
// and speaks to the extension through the zod-validated channel.
import { extensionMessageSchema, pageMessageSchema, type ExtensionMessage, type PageMessage } from '../generator/messages';
import { loadBundle } from './shared/l10n';
import { connect } from './shared/channel';
import { GeneratorApp } from './generator/app';
import type { FormState } from './generator/state';

loadBundle();
const root = document.getElementById('app');
if (root) new GeneratorApp(root, connect<ExtensionMessage, PageMessage, FormState>({ incoming: extensionMessageSchema, outgoing: pageMessageSchema }));
