// `npm run manifest:tools`: writes the agent tools' contributions (src/commands/agentTools/
// contributions.ts, schemas built from the catalog) into package.json, where VS Code reads
// them. test/unit/agentTools.unit.test.ts fails while the two differ.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toolContributions } from '../../src/commands/agentTools/contributions';
import { PROJECT_ROOT } from './paths';

const file = path.join(PROJECT_ROOT, 'package.json');
const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
const before = JSON.stringify(manifest.contributes['languageModelTools'] ?? null);
manifest.contributes['languageModelTools'] = toolContributions();
fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
console.log(before === JSON.stringify(manifest.contributes['languageModelTools']) ? 'package.json: agent tools unchanged' : 'package.json: agent tools written');
