// What the Jobs tree costs at 1,000 jobs, in the real extension host with VS Code's own
// TreeItem: a full refresh (every row's getTreeItem, as VS Code asks after a root change)
// and the bytes its items carry to the workbench. Tooltips are resolved only when a row
// is hovered (resolveTreeItem), an update refreshes only its row, and the figures are
// printed for the table; the time is reported, never asserted (a shared machine).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { Job } from '../../src/core/jobs/job';
import type { JobChange } from '../../src/core/jobs/jobStore';
import { Emitter } from '../../src/core/util/events';
import { JobsTreeProvider } from '../../src/views/jobsTree';
import { TEST_OUTPUT } from '../support/paths';

const LONG_PROMPT = 'A slow dolly shot along a rain-soaked neon street at night, reflections shimmering in the puddles, '.repeat(12);

function job(i: number): Job {
  const at = 1_700_000_000_000 + i * 60_000;
  const status: Job['status'] = i % 10 === 0 ? 'pending' : i % 7 === 0 ? 'failed' : 'completed';
  return {
    id: `job-${i}`,
    status,
    createdAt: at,
    updatedAt: at,
    finishedAt: status === 'pending' ? undefined : at + 90_000,
    request: { model: 'google/veo3-1-fast-text-to-video', prompt: `${i}: ${LONG_PROMPT}`, media: {}, options: { duration: 8, resolution: '1080p' } },
    ...(status === 'failed' ? { error: { kind: 'service', message: 'The service could not make this video: '.repeat(4) } } : {}),
  } as Job;
}

/** What VS Code carries to the workbench for a row: the item as JSON (its icon and command included). */
const kib = (bytes: number) => (bytes / 1024).toFixed(0);

/** The figures, for `npm run bench -- --only tree` and the table (the host's stdout is not the runner's). */
function writeFigures(name: string, lines: readonly string[]): void {
  fs.mkdirSync(path.join(TEST_OUTPUT, 'figures'), { recursive: true });
  fs.writeFileSync(path.join(TEST_OUTPUT, 'figures', `${name}.txt`), lines.join('\n') + '\n');
}

function bytesOf(items: readonly vscode.TreeItem[]): number {
  return items.reduce((sum, item) => sum + Buffer.byteLength(JSON.stringify(item)), 0);
}

describe('the Jobs tree at 1,000 jobs', function () {
  this.timeout(60_000);
  const jobs = Array.from({ length: 1000 }, (_, i) => job(i));
  const changes = new Emitter<JobChange>();
  const source = { all: () => jobs, onDidChange: changes.event };
  const provider = new JobsTreeProvider(source);
  after(() => provider.dispose());

  function refresh(tree: JobsTreeProvider = provider): vscode.TreeItem[] {
    return tree.getChildren().map((key) => tree.getTreeItem(key));
  }

  function measure(run: () => vscode.TreeItem[]): { ms: number; bytes: number; items: vscode.TreeItem[] } {
    const runs = 10;
    const started = performance.now();
    let items: vscode.TreeItem[] = [];
    for (let i = 0; i < runs; i++) items = run();
    return { ms: (performance.now() - started) / runs, bytes: bytesOf(items), items };
  }

  /** A fresh tree's first drawing; `eager` also builds every tooltip, as the tree used to in getTreeItem. */
  function firstDrawing(eager: boolean): vscode.TreeItem[] {
    const tree = new JobsTreeProvider(source);
    const items = refresh(tree);
    if (eager) items.forEach((item, i) => tree.resolveTreeItem(item, `job-${i}`));
    tree.dispose();
    return items;
  }

  it('refreshes every row without building tooltips, draws only what changed, and resolves a tooltip when a row is hovered', () => {
    // Warm: l10n loaded, the code compiled.
    for (let i = 0; i < 3; i++) {
      firstDrawing(true);
      firstDrawing(false);
    }
    const before = measure(() => firstDrawing(true));
    const first = measure(() => firstDrawing(false));
    refresh();
    // What VS Code asks after a job is added: the whole list again.
    let n = 1000;
    const added = measure(() => {
      const fresh = job(n++);
      jobs.unshift(fresh);
      changes.fire({ job: fresh });
      return refresh();
    });
    jobs.splice(0, n - 1000);
    const lines = [
      `jobs tree at 1000 jobs: a full refresh after a job is added ${added.ms.toFixed(1)} ms; a first drawing ${first.ms.toFixed(1)} ms and ${kib(first.bytes)} KiB (lazy tooltips); with every tooltip built, as before, ${before.ms.toFixed(1)} ms and ${kib(before.bytes)} KiB (ratios: refresh ${(added.ms / before.ms).toFixed(2)}, first drawing ${(first.ms / before.ms).toFixed(2)}, bytes ${(first.bytes / before.bytes).toFixed(2)})`,
    ];
    writeFigures('jobs-tree', lines);
    assert.equal(first.items.length, 1000);
    assert.ok(first.items.every((item) => item.tooltip === undefined), 'no tooltip is built before a hover');
    assert.ok(first.bytes / first.items.length < 800, `a row carries ${Math.round(first.bytes / first.items.length)} bytes`);
    assert.ok(first.bytes < before.bytes / 3, lines[0]);

    const items = refresh();
    const resolved = provider.resolveTreeItem(items[3]!, 'job-3');
    assert.match(String(resolved.tooltip), /^3: A slow dolly shot/);
    assert.equal(refresh()[3]!.tooltip, undefined, 'a hover does not make the next refresh heavier');
  });

  it('an update refreshes only its row, and the row shows the change', () => {
    refresh();
    const fired: (string | undefined)[] = [];
    const sub = provider.onDidChangeTreeData((key) => fired.push(key ?? undefined));
    const previous = jobs[5]!;
    assert.equal(previous.status, 'completed');
    jobs[5] = { ...previous, status: 'failed', error: { kind: 'service', message: 'gone' } } as Job;
    changes.fire({ job: jobs[5], previous });
    sub.dispose();
    assert.deepEqual(fired, ['job-5']);
    assert.match(String(provider.getTreeItem('job-5').description), /^Failed/);
  });
});
